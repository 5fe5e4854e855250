/**
 * Verifying a detached JWS (RFC 7515 appendix F) over the exact bytes received (SPEC section 7):
 * the gateway's signatures against its published JWKS, and a participant's signature over what it
 * sends against its registered key (issue 11, item 5).
 *
 * Deliberately strict, because a verifier that is lenient about the header is how JWS libraries
 * were tricked: the algorithm is fixed by the caller (never chosen by the token), the key must
 * be of that algorithm's type, `b64: false` and every `crit` extension are refused (we implement
 * none, and RFC 7515 section 4.1.11 says an unknown critical extension makes the JWS invalid), and
 * a `kid` that is not in the key set fails rather than falling back to another key.
 *
 * Failures are values with a code of schemas/rules/wasl-codes.json, never thrown.
 */
import { createPublicKey, KeyObject, verify, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';
import { MESSAGE_SIGNING_ALGORITHM, signingInput, type SignableBytes } from './message-signing.js';

export type SignatureFailureCode =
  | 'WASL_ERR_SIGNATURE_MALFORMED'
  | 'WASL_ERR_SIGNATURE_UNSUPPORTED'
  | 'WASL_ERR_SIGNATURE_UNKNOWN_KEY'
  | 'WASL_ERR_SIGNATURE_INVALID'
  | 'WASL_ERR_SIGNATURE_REQUIRED';

export type SignatureVerdict =
  | { readonly ok: true; readonly kid: string | undefined; readonly alg: VerificationAlgorithm }
  | { readonly ok: false; readonly code: SignatureFailureCode; readonly reason: string; readonly kid?: string };

export interface JwkSet {
  readonly keys: readonly JWK[];
}

/** Algorithms a verifier may be told to accept: ES256 for the gateway, ES384/RS384 for participant keys. */
export type VerificationAlgorithm = 'ES256' | 'ES384' | 'RS384';

interface AlgorithmProfile {
  readonly hash: 'sha256' | 'sha384';
  /** Accepts a key only when it is of this algorithm's type, so an RSA key cannot verify an "ES" signature. */
  readonly fits: (key: KeyObject) => boolean;
  readonly dsaEncoding?: 'ieee-p1363';
  /** Exact length of an ECDSA signature (r || s); undefined for RSA. */
  readonly signatureLength?: number;
}

const ALGORITHMS: Readonly<Record<VerificationAlgorithm, AlgorithmProfile>> = {
  ES256: { hash: 'sha256', fits: (k) => k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'prime256v1', dsaEncoding: 'ieee-p1363', signatureLength: 64 },
  ES384: { hash: 'sha384', fits: (k) => k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'secp384r1', dsaEncoding: 'ieee-p1363', signatureLength: 96 },
  RS384: { hash: 'sha384', fits: (k) => k.asymmetricKeyType === 'rsa' && (k.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 },
};

/** A longer protected header is not one we produce or accept: bounds the work an attacker can ask for. */
const MAX_HEADER_CHARS = 2048;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export interface VerifierOptions {
  /** Algorithms accepted; default ES256 only. */
  readonly algorithms?: readonly VerificationAlgorithm[];
  /**
   * Accept a header without `kid` when the set holds exactly one key (a participant verified against
   * its one registered key). The gateway always names its key, so its verifier keeps the default false.
   */
  readonly allowMissingKid?: boolean;
}

/**
 * Verifies detached signatures against one key set; imports each key once, so verifying is a map
 * lookup and one signature check. Keys that are not usable for an accepted algorithm are skipped
 * (a JWKS may publish keys for other uses); their `kid` then counts as unknown.
 */
export class DetachedVerifier {
  readonly #keys = new Map<string, { key: KeyObject; alg: VerificationAlgorithm }>();
  readonly #only: { key: KeyObject; alg: VerificationAlgorithm } | undefined;
  readonly #algorithms: ReadonlySet<VerificationAlgorithm>;

  constructor(jwks: JwkSet, options: VerifierOptions = {}) {
    this.#algorithms = new Set(options.algorithms ?? [MESSAGE_SIGNING_ALGORITHM]);
    const usable: { key: KeyObject; alg: VerificationAlgorithm }[] = [];
    for (const jwk of jwks.keys) {
      const entry = importVerificationKey(jwk, this.#algorithms);
      if (!entry) continue;
      usable.push(entry);
      if (typeof jwk.kid === 'string' && jwk.kid !== '') this.#keys.set(jwk.kid, entry);
    }
    this.#only = options.allowMissingKid && usable.length === 1 ? usable[0] : undefined;
  }

  /** Whether the set holds a usable key with this `kid` (a client refetches the JWKS when not). */
  has(kid: string): boolean {
    return this.#keys.has(kid);
  }

  verify(jws: string, bytes: SignableBytes): SignatureVerdict {
    const parsed = parseDetached(jws);
    if (!parsed.ok) return parsed;
    const { header, headerPart, signature } = parsed;
    const kid = header.kid;
    const alg = header.alg as VerificationAlgorithm;
    if (!this.#algorithms.has(alg)) {
      return fail('WASL_ERR_SIGNATURE_UNSUPPORTED', `alg ${JSON.stringify(header.alg)} is not accepted; expected ${[...this.#algorithms].join(' or ')}`, kid);
    }
    const entry = kid === undefined ? this.#only : this.#keys.get(kid);
    if (!entry) {
      return kid === undefined
        ? fail('WASL_ERR_SIGNATURE_MALFORMED', 'the protected header names no key (kid)')
        : fail('WASL_ERR_SIGNATURE_UNKNOWN_KEY', `no published key has kid "${kid}"`, kid);
    }
    if (entry.alg !== alg) return fail('WASL_ERR_SIGNATURE_INVALID', `the key "${kid ?? ''}" is an ${entry.alg} key, the header says ${alg}`, kid);
    const profile = ALGORITHMS[alg];
    if (profile.signatureLength !== undefined && signature.length !== profile.signatureLength) {
      return fail('WASL_ERR_SIGNATURE_INVALID', `an ${alg} signature is ${profile.signatureLength} bytes, this one is ${signature.length}`, kid);
    }
    const input = signingInput(Buffer.from(headerPart, 'latin1'), bytes);
    const valid = verify(profile.hash, input, profile.dsaEncoding ? { key: entry.key, dsaEncoding: profile.dsaEncoding } : entry.key, signature);
    if (!valid) return fail('WASL_ERR_SIGNATURE_INVALID', 'the signature does not match these bytes and key', kid);
    return { ok: true, kid, alg };
  }
}

const verifiers = new WeakMap<JwkSet, DetachedVerifier>();

/**
 * Verifies `jws` over exactly `bytes` with a key of `jwks` (ES256 only). The keys of a set object are
 * imported once and reused while that object lives, so pass the same set object on a hot path.
 */
export function verifyDetached(jws: string, bytes: SignableBytes, jwks: JwkSet): SignatureVerdict {
  let verifier = verifiers.get(jwks);
  if (!verifier) {
    verifier = new DetachedVerifier(jwks);
    verifiers.set(jwks, verifier);
  }
  return verifier.verify(jws, bytes);
}

/** The verdict for a message that should carry a signature and carries none. */
export function missingSignature(what: string): SignatureVerdict {
  return fail('WASL_ERR_SIGNATURE_REQUIRED', `${what} carries no signature`);
}

interface ParsedDetached {
  readonly ok: true;
  readonly header: { readonly alg: unknown; readonly kid: string | undefined };
  readonly headerPart: string;
  readonly signature: Buffer;
}

function parseDetached(jws: string): ParsedDetached | Extract<SignatureVerdict, { ok: false }> {
  if (typeof jws !== 'string') return fail('WASL_ERR_SIGNATURE_MALFORMED', 'the signature is not a string');
  const parts = jws.trim().split('.');
  if (parts.length !== 3) return fail('WASL_ERR_SIGNATURE_MALFORMED', `a JWS has 3 dot-separated parts, this has ${parts.length}`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (payloadPart !== '') return fail('WASL_ERR_SIGNATURE_MALFORMED', 'the payload part is not empty: expected a detached JWS (<protected>..<signature>)');
  if (headerPart === '' || headerPart.length > MAX_HEADER_CHARS || !BASE64URL.test(headerPart) || !BASE64URL.test(signaturePart)) {
    return fail('WASL_ERR_SIGNATURE_MALFORMED', 'the protected header or signature is not base64url');
  }
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
  } catch {
    return fail('WASL_ERR_SIGNATURE_MALFORMED', 'the protected header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('WASL_ERR_SIGNATURE_MALFORMED', 'the protected header is not a JSON object');
  const { alg, kid, b64, crit } = header as Record<string, unknown>;
  if (kid !== undefined && (typeof kid !== 'string' || kid === '')) return fail('WASL_ERR_SIGNATURE_MALFORMED', 'kid is not a non-empty string');
  // RFC 7797: b64 false changes what is signed; we sign the base64url of the bytes, so refuse it rather than guess.
  if (b64 !== undefined) return fail('WASL_ERR_SIGNATURE_UNSUPPORTED', 'the b64 header parameter is not supported', kid as string | undefined);
  if (crit !== undefined) return fail('WASL_ERR_SIGNATURE_UNSUPPORTED', `critical extensions ${JSON.stringify(crit)} are not understood`, kid as string | undefined);
  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length === 0) return fail('WASL_ERR_SIGNATURE_MALFORMED', 'the signature part is empty');
  return { ok: true, header: { alg, kid: kid as string | undefined }, headerPart, signature };
}

function importVerificationKey(jwk: JWK, accepted: ReadonlySet<VerificationAlgorithm>): { key: KeyObject; alg: VerificationAlgorithm } | undefined {
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: publicMembers(jwk) as JsonWebKey, format: 'jwk' });
  } catch {
    return undefined;
  }
  // A JWK may pin its algorithm; otherwise the key type decides (P-256 → ES256, P-384 → ES384, RSA → RS384).
  for (const alg of accepted) {
    if ((jwk.alg === undefined || jwk.alg === alg) && ALGORITHMS[alg].fits(key)) return { key, alg };
  }
  return undefined;
}

/** Only the public members: importing a private JWK here would hand a verifier the private key. */
function publicMembers(jwk: JWK): Record<string, unknown> {
  return jwk.kty === 'RSA' ? { kty: jwk.kty, n: jwk.n, e: jwk.e } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

function fail(code: SignatureFailureCode, reason: string, kid?: string): Extract<SignatureVerdict, { ok: false }> {
  return kid === undefined ? { ok: false, code, reason } : { ok: false, code, reason, kid };
}

