/**
 * Private assertion keys of participants that live on this machine (`wasl init` demo
 * participants, the reference payer, `wasl token`). A real participant keeps its key itself
 * and registers only the public half.
 */
import type { JWK } from 'jose';
import { InvalidFileError, readJsonFile } from './files.js';
import { publicJwkOf } from './jwk.js';
import { parsePublicJwk } from './participants/parse.js';
import { participantKeyPath } from './paths.js';

/** The participant's private JWK, or `undefined` when this data directory holds none. */
export async function readParticipantPrivateJwk(dataDir: string, licence: string): Promise<JWK | undefined> {
  const path = participantKeyPath(dataDir, licence);
  const raw = await readJsonFile(path);
  return raw === undefined ? undefined : parsePrivateJwk(path, raw);
}

/** A private JWK whose public half could be registered (EC P-384 or RSA ≥ 2048). */
export function parsePrivateJwk(path: string, raw: unknown): JWK {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidFileError(path, undefined, 'expected a private JWK');
  const jwk = raw as JWK;
  if (typeof jwk.d !== 'string') throw new InvalidFileError(path, 'd', 'missing the private part');
  const publicPart = parsePublicJwk(publicJwkOf(jwk), 'jwk');
  if (!publicPart.ok) throw new InvalidFileError(path, publicPart.field.replace(/^jwk\.?/, '') || undefined, publicPart.problem);
  return jwk;
}
