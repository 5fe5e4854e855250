/**
 * Validation of participant records as they come from a file or an admin request. Returns
 * the first problem with the path of the field at fault, so a broken `participants.json`
 * stops the gateway with a message that says exactly what to fix.
 */
import type { JWK } from 'jose';
import {
  LICENCE_SYSTEMS,
  AUTHENTICATION_METHODS,
  PARTICIPANT_ROLES,
  PARTICIPANT_STATUSES,
  type AuthenticationMethod,
  type DeliveryMode,
  type Participant,
  type ParticipantCredentials,
  type ParticipantLimits,
  type ParticipantPolicy,
  type ParticipantRole,
  type ParticipantStatus,
} from './participant.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; field: string; problem: string };

const FINGERPRINT = /^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/;
/** Licence values appear in file names (`keys/<licence>.private.jwk.json`) and URLs. */
export const LICENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** base64url length of a 2048-bit modulus: smaller RSA keys are not accepted. */
const MIN_RSA_MODULUS_CHARS = 342;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

class Problem {
  constructor(readonly field: string, readonly problem: string) {}
}

export function parseParticipant(raw: unknown, at = 'participant'): ParseResult<Participant> {
  try {
    return { ok: true, value: participant(raw, at) };
  } catch (err) {
    if (err instanceof Problem) return { ok: false, field: err.field, problem: err.problem };
    throw err;
  }
}

/** Checks a public JWK usable for ES384 or RS384 client assertions; rejects private members. */
export function parsePublicJwk(raw: unknown, at = 'publicJwk'): ParseResult<JWK> {
  try {
    return { ok: true, value: publicJwk(raw, at) };
  } catch (err) {
    if (err instanceof Problem) return { ok: false, field: err.field, problem: err.problem };
    throw err;
  }
}

function participant(raw: unknown, at: string): Participant {
  const o = object(raw, at);
  const licence = string(o.licence, `${at}.licence`);
  if (!LICENCE_PATTERN.test(licence)) {
    throw new Problem(`${at}.licence`, `"${licence}" is not a licence value (letters, digits, '.', '_', '-'; at most 64)`);
  }
  const role = oneOf<ParticipantRole>(o.role, PARTICIPANT_ROLES, `${at}.role`);
  const licenceSystem = url(o.licenceSystem, `${at}.licenceSystem`);
  // A licence is read in messages with its system: a payer under the provider system would be a different identity.
  if (licenceSystem !== LICENCE_SYSTEMS[role]) throw new Problem(`${at}.licenceSystem`, `a ${role}'s licence system is "${LICENCE_SYSTEMS[role]}"`);
  return {
    licence,
    licenceSystem,
    role,
    displayName: string(o.displayName, `${at}.displayName`),
    status: oneOf<ParticipantStatus>(o.status, PARTICIPANT_STATUSES, `${at}.status`),
    credentials: credentials(o.credentials, `${at}.credentials`),
    delivery: delivery(o.delivery, `${at}.delivery`),
    limits: limits(o.limits ?? {}, `${at}.limits`),
    ...(o.policy === undefined ? {} : { policy: policy(o.policy, `${at}.policy`) }),
  };
}

function policy(raw: unknown, at: string): ParticipantPolicy {
  const o = object(raw, at);
  const result: { requireSignedMessages?: boolean; authentication?: AuthenticationMethod } = {};
  if (o.requireSignedMessages !== undefined) {
    if (typeof o.requireSignedMessages !== 'boolean') throw new Problem(`${at}.requireSignedMessages`, 'expected true or false');
    result.requireSignedMessages = o.requireSignedMessages;
  }
  if (o.authentication !== undefined) result.authentication = oneOf<AuthenticationMethod>(o.authentication, AUTHENTICATION_METHODS, `${at}.authentication`);
  return result;
}

function credentials(raw: unknown, at: string): ParticipantCredentials {
  const o = object(raw, at);
  const result: { certificateSha256?: string; publicJwk?: JWK; revokedCertificates?: string[] } = {};
  if (o.certificateSha256 !== undefined) result.certificateSha256 = fingerprint(o.certificateSha256, `${at}.certificateSha256`);
  if (o.publicJwk !== undefined) result.publicJwk = publicJwk(o.publicJwk, `${at}.publicJwk`);
  if (o.revokedCertificates !== undefined) {
    if (!Array.isArray(o.revokedCertificates)) throw new Problem(`${at}.revokedCertificates`, 'expected an array of fingerprints');
    result.revokedCertificates = o.revokedCertificates.map((fp: unknown, i) => fingerprint(fp, `${at}.revokedCertificates[${i}]`));
  }
  // A participant whose only certificate was revoked stays registered: it cannot authenticate until reissued.
  if (!result.certificateSha256 && !result.publicJwk && !result.revokedCertificates?.length) {
    throw new Problem(at, 'needs a certificateSha256, a publicJwk or both');
  }
  return result;
}

function fingerprint(raw: unknown, at: string): string {
  const fp = string(raw, at);
  if (!FINGERPRINT.test(fp)) throw new Problem(at, 'expected 32 upper-case hex pairs joined by ":"');
  return fp;
}

function publicJwk(raw: unknown, at: string): JWK {
  const o = object(raw, at);
  for (const member of PRIVATE_JWK_MEMBERS) {
    if (member in o) throw new Problem(`${at}.${member}`, 'private key material must never be registered');
  }
  if (o.kid !== undefined) string(o.kid, `${at}.kid`);
  if (o.use !== undefined && o.use !== 'sig') throw new Problem(`${at}.use`, 'expected "sig"');
  switch (o.kty) {
    case 'EC':
      if (o.crv !== 'P-384') throw new Problem(`${at}.crv`, 'expected "P-384" (client assertions are ES384)');
      string(o.x, `${at}.x`);
      string(o.y, `${at}.y`);
      if (o.alg !== undefined && o.alg !== 'ES384') throw new Problem(`${at}.alg`, 'expected "ES384" for an EC key');
      break;
    case 'RSA':
      if (string(o.n, `${at}.n`).length < MIN_RSA_MODULUS_CHARS) throw new Problem(`${at}.n`, 'RSA keys must be at least 2048 bits');
      string(o.e, `${at}.e`);
      if (o.alg !== undefined && o.alg !== 'RS384') throw new Problem(`${at}.alg`, 'expected "RS384" for an RSA key');
      break;
    default:
      throw new Problem(`${at}.kty`, 'expected "EC" or "RSA"');
  }
  return { ...(o as JWK) };
}

function delivery(raw: unknown, at: string): DeliveryMode {
  const o = object(raw, at);
  if (o.mode === 'poll') return { mode: 'poll' };
  if (o.mode === 'push') {
    const endpoint = url(o.endpoint, `${at}.endpoint`);
    if (o.serverCertificateSha256 === undefined) return { mode: 'push', endpoint };
    return { mode: 'push', endpoint, serverCertificateSha256: fingerprint(o.serverCertificateSha256, `${at}.serverCertificateSha256`) };
  }
  throw new Problem(`${at}.mode`, 'expected "poll" or "push"');
}

function limits(raw: unknown, at: string): ParticipantLimits {
  const o = object(raw, at);
  if (o.requestsPerMinute === undefined) return {};
  const rpm = o.requestsPerMinute;
  if (typeof rpm !== 'number' || !Number.isInteger(rpm) || rpm < 1) {
    throw new Problem(`${at}.requestsPerMinute`, 'expected a whole number of at least 1');
  }
  return { requestsPerMinute: rpm };
}

function object(raw: unknown, at: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Problem(at, 'expected an object');
  return raw as Record<string, unknown>;
}

function string(raw: unknown, at: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new Problem(at, 'expected a non-empty string');
  return raw;
}

function url(raw: unknown, at: string): string {
  const text = string(raw, at);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new Problem(at, `"${text}" is not an absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Problem(at, 'expected an http(s) URL');
  return text;
}

function oneOf<T extends string>(raw: unknown, allowed: readonly T[], at: string): T {
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new Problem(at, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
}
