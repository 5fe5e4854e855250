/**
 * `wasl cert issue` and `wasl cert revoke` (issue 13, item 2), written against the registry port
 * so they work on whichever adapter holds the participants. A participant holds one current
 * certificate (`credentials.certificateSha256`); issuing a new one revokes the one it replaces,
 * and every revoked fingerprint stays in `credentials.revokedCertificates`, so the gateway answers
 * it WASL_ERR_CERTIFICATE_REVOKED rather than "unknown".
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DevCa } from '../dev-pki.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, writeFileAtomic } from '../files.js';
import { LICENCE_PATTERN } from '../participants/parse.js';
import { UnknownParticipantError, type Participant, type ParticipantRegistry } from '../participants/participant.js';
import { issueParticipantTlsCertificate } from './dev-certificates.js';

export interface IssuedFiles {
  readonly licence: string;
  readonly certFile: string;
  /** Mode 0600. */
  readonly keyFile: string;
  readonly fingerprint256: string;
  /** The certificate this one replaced, now revoked. */
  readonly replaced?: string;
}

/** A fingerprint no participant holds as its current certificate. */
export class UnknownCertificateError extends Error {
  readonly code = 'WASL_ERR_CERTIFICATE_UNKNOWN';
  constructor(readonly fingerprint256: string, message = `no participant holds the certificate ${fingerprint256}`) {
    super(message);
    this.name = 'UnknownCertificateError';
  }
}

/** File names of a participant's TLS credential under `dir`. */
export function tlsCredentialFiles(dir: string, licence: string): { certFile: string; keyFile: string } {
  if (!LICENCE_PATTERN.test(licence)) throw new RangeError(`"${licence}" is not a licence value`);
  return { certFile: join(dir, `${licence}.tls.cert.pem`), keyFile: join(dir, `${licence}.tls.key.pem`) };
}

export async function issueCertificate(
  registry: Pick<ParticipantRegistry, 'get' | 'upsert'>,
  licence: string,
  options: { ca: DevCa; outDir: string; now?: Date },
): Promise<IssuedFiles> {
  const participant = registry.get(licence);
  if (!participant) throw new UnknownParticipantError(licence);
  const issued = await issueParticipantTlsCertificate(options.ca, { licence, displayName: participant.displayName }, options.now);
  const files = tlsCredentialFiles(options.outDir, licence);
  await mkdir(options.outDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // Files first: a registered certificate whose key was lost could never be used.
  await writeFileAtomic(files.keyFile, issued.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(files.certFile, issued.certPem, PUBLIC_FILE_MODE);
  const previous = participant.credentials.certificateSha256;
  const revoked = previous === undefined ? participant.credentials.revokedCertificates : withRevoked(participant, previous);
  await registry.upsert({
    ...participant,
    credentials: { ...participant.credentials, certificateSha256: issued.fingerprint256, ...(revoked ? { revokedCertificates: revoked } : {}) },
  });
  return { licence, ...files, fingerprint256: issued.fingerprint256, ...(previous ? { replaced: previous } : {}) };
}

/**
 * Revokes a participant's current certificate, named by its licence or by its fingerprint
 * (any case, with or without colons). Resolves with whose certificate it was.
 */
export async function revokeCertificate(registry: Pick<ParticipantRegistry, 'get' | 'list' | 'upsert'>, licenceOrFingerprint: string): Promise<{ licence: string; fingerprint256: string }> {
  const fingerprint = normaliseFingerprint(licenceOrFingerprint);
  const participant = fingerprint === undefined
    ? registry.get(licenceOrFingerprint)
    : registry.list().find((p) => p.credentials.certificateSha256 === fingerprint);
  if (!participant) {
    if (fingerprint === undefined) throw new UnknownParticipantError(licenceOrFingerprint);
    throw new UnknownCertificateError(fingerprint);
  }
  const current = participant.credentials.certificateSha256;
  if (current === undefined) throw new UnknownCertificateError('', `participant ${participant.licence} has no current certificate to revoke`);
  const { certificateSha256: _revoked, ...rest } = participant.credentials;
  await registry.upsert({ ...participant, credentials: { ...rest, revokedCertificates: withRevoked(participant, current) } });
  return { licence: participant.licence, fingerprint256: current };
}

function withRevoked(participant: Participant, fingerprint256: string): string[] {
  const revoked = participant.credentials.revokedCertificates ?? [];
  return revoked.includes(fingerprint256) ? [...revoked] : [...revoked, fingerprint256];
}

/** `AB:CD:…` (Node's fingerprint256) from 64 hex digits, with or without colons; undefined if it is not one. */
export function normaliseFingerprint(text: string): string | undefined {
  const hex = text.replace(/:/g, '');
  if (!/^[0-9A-Fa-f]{64}$/.test(hex)) return undefined;
  return hex.toUpperCase().match(/../g)!.join(':');
}
