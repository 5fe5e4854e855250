/**
 * The participants the authorization matrix needs beyond the demo ones `wasl init` creates: an
 * operator (`admin`), a blocked provider and a blocked payer. Written into a data directory
 * already initialised by `initDevelopment`, the way init writes its own: a local ES384 key under
 * `keys/`, a client certificate from the development CA, and a record in `participants.json`
 * through the registry (so the record is validated exactly as the gateway will load it).
 */
import { readFile } from 'node:fs/promises';
import { issueClientCertificate, loadDevCa } from '../../../src/security/dev-pki.js';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, writeFileExclusive } from '../../../src/security/files.js';
import { generatePrivateJwk, publicJwkOf } from '../../../src/security/jwk.js';
import { FileParticipantRegistry } from '../../../src/security/participants/file-registry.js';
import { LICENCE_SYSTEMS, type ParticipantRole, type ParticipantStatus } from '../../../src/security/participants/participant.js';
import { participantCertPath, participantKeyPath, securityPaths } from '../../../src/security/paths.js';

export interface ExtraParticipant {
  readonly licence: string;
  readonly role: ParticipantRole;
  readonly status: ParticipantStatus;
  readonly displayName: string;
}

export const EXTRA_PARTICIPANTS: readonly ExtraParticipant[] = [
  { licence: 'ADMIN-OPS', role: 'admin', status: 'active', displayName: 'Wasl operations (admin)' },
  { licence: 'N-F-BLOCKED', role: 'provider', status: 'blocked', displayName: 'Blocked demo provider' },
  { licence: 'N-I-BLOCKED', role: 'payer', status: 'blocked', displayName: 'Blocked demo payer' },
];

/** Adds the extra participants to an initialised data directory (before the gateway opens it). */
export async function addParticipants(dataDir: string, participants: readonly ExtraParticipant[] = EXTRA_PARTICIPANTS): Promise<void> {
  const paths = securityPaths(dataDir);
  const ca = await loadDevCa({ certPem: await readFile(paths.caCert, 'utf8'), keyPem: await readFile(paths.caKey, 'utf8') });
  const registry = await FileParticipantRegistry.open(dataDir);
  for (const participant of participants) {
    const privateJwk = await generatePrivateJwk('ES384');
    const publicJwk = publicJwkOf(privateJwk);
    if (!(await writeFileExclusive(participantKeyPath(dataDir, participant.licence), `${JSON.stringify(privateJwk, null, 2)}\n`, PRIVATE_FILE_MODE))) {
      throw new Error(`${participant.licence} already has a key in ${dataDir}`);
    }
    const issued = await issueClientCertificate(ca, { licence: participant.licence, displayName: participant.displayName, publicJwk });
    await writeFileExclusive(participantCertPath(dataDir, participant.licence), issued.certPem, PUBLIC_FILE_MODE);
    await registry.upsert({
      licence: participant.licence,
      licenceSystem: LICENCE_SYSTEMS[participant.role],
      role: participant.role,
      displayName: participant.displayName,
      status: participant.status,
      credentials: { certificateSha256: issued.fingerprint256, publicJwk },
      delivery: { mode: 'poll' },
      limits: {},
    });
  }
}
