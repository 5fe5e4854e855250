/** A WaslClient for a participant whose private key `wasl init` left in the data directory. */
import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import { WaslClient } from '../client/wasl-client.js';
import { FileParticipantRegistry } from '../security/participants/file-registry.js';
import type { ParticipantRegistry } from '../security/participants/participant.js';
import { participantKeyPath } from '../security/paths.js';

/**
 * `participants`: the store's registry (the CLI passes it, so a participant added since `wasl init`
 * is found); without it, participants.json (benches and tests on a fresh data directory).
 */
export async function localClient(dataDir: string, licence: string, baseUrl: string, language?: string, participants?: Pick<ParticipantRegistry, 'get'>): Promise<WaslClient> {
  const registry = participants ?? (await FileParticipantRegistry.open(dataDir));
  const participant = registry.get(licence);
  if (!participant) throw new Error(`no participant "${licence}" in the registry of ${dataDir} (run: npm run wasl -- init, or wasl participant add)`);
  if (participant.role !== 'provider' && participant.role !== 'payer') throw new Error(`${licence} is a ${participant.role}: only providers and payers exchange messages`);
  const keyFile = participantKeyPath(dataDir, licence);
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await readFile(keyFile, 'utf8')) as JWK;
  } catch {
    throw new Error(`no local private key for ${licence} at ${keyFile}`);
  }
  return new WaslClient({ baseUrl, licence, role: participant.role, privateJwk, ...(language ? { language } : {}) });
}
