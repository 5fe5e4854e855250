/**
 * Signed checkpoints of the ledger (issue 11, item 2), as Certificate Transparency's signed tree
 * heads (RFC 9162 section 4.10): the gateway signs {seq, head hash, Merkle root over entries
 * 1..seq, time, its licence} as a compact JWS (ES256, `kid`, typ `wasl-checkpoint+jwt`) with its
 * message-signing key, verifiable against `/.well-known/jwks.json`. A participant that keeps them
 * can hold the hub to its history: a later checkpoint must extend every earlier one (consistency
 * proof), and each of its messages must be in the tree (inclusion proof).
 */
import type { KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, createLocalJWKSet, errors, type JWK } from 'jose';
import type { AuditIndex } from './audit-index.js';

export const CHECKPOINT_TYPE = 'wasl-checkpoint+jwt';
const ALGORITHM = 'ES256';

export interface CheckpointClaims {
  /** The gateway licence. */
  readonly iss: string;
  /** Seconds, as JWT. */
  readonly iat: number;
  /** Tree size: entries 1..seq. */
  readonly seq: number;
  /** Hash of entry `seq` (the genesis hash when 0). */
  readonly head: string;
  /** Merkle root (hex) over entries 1..seq. */
  readonly root: string;
  /** Epoch ms of signing. */
  readonly at: number;
}

export interface SignedCheckpoint {
  readonly jws: string;
  readonly claims: CheckpointClaims;
}

export interface CheckpointSigningKey {
  readonly kid: string;
  readonly key: CryptoKey | KeyObject;
}

export async function signCheckpoint(claims: CheckpointClaims, signing: CheckpointSigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: ALGORITHM, kid: signing.kid, typ: CHECKPOINT_TYPE }).sign(signing.key);
}

export type CheckpointVerdict =
  | { readonly ok: true; readonly claims: CheckpointClaims; readonly kid: string }
  | { readonly ok: false; readonly code: 'WASL_ERR_SIGNATURE_INVALID' | 'WASL_ERR_SIGNATURE_UNKNOWN_KEY' | 'WASL_ERR_SIGNATURE_MALFORMED'; readonly reason: string };

const HEX64 = /^[0-9a-f]{64}$/;

/** Checks the signature against the JWKS (ES256 only, typ required) and the claims' shape. */
export async function verifyCheckpoint(jws: string, jwks: { keys: readonly JWK[] }): Promise<CheckpointVerdict> {
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(jws, createLocalJWKSet({ keys: [...jwks.keys] }), { algorithms: [ALGORITHM] });
  } catch (problem) {
    if (problem instanceof errors.JWKSNoMatchingKey) return { ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY', reason: 'no published key matches the checkpoint kid' };
    if (problem instanceof errors.JWSSignatureVerificationFailed) return { ok: false, code: 'WASL_ERR_SIGNATURE_INVALID', reason: 'the checkpoint signature does not verify' };
    return { ok: false, code: 'WASL_ERR_SIGNATURE_MALFORMED', reason: `not a checkpoint JWS: ${(problem as Error).message}` };
  }
  if (verified.protectedHeader.typ !== CHECKPOINT_TYPE) return { ok: false, code: 'WASL_ERR_SIGNATURE_MALFORMED', reason: `typ is not ${CHECKPOINT_TYPE}` };
  let claims: CheckpointClaims;
  try {
    claims = JSON.parse(new TextDecoder().decode(verified.payload)) as CheckpointClaims;
  } catch {
    return { ok: false, code: 'WASL_ERR_SIGNATURE_MALFORMED', reason: 'the checkpoint payload is not JSON' };
  }
  if (typeof claims.iss !== 'string' || !Number.isSafeInteger(claims.seq) || claims.seq < 0 || !HEX64.test(String(claims.head)) || !HEX64.test(String(claims.root)) || !Number.isFinite(claims.at)) {
    return { ok: false, code: 'WASL_ERR_SIGNATURE_MALFORMED', reason: 'the checkpoint claims are incomplete' };
  }
  return { ok: true, claims, kid: verified.protectedHeader.kid ?? '' };
}

/** The claims of a signed checkpoint, without verifying it (for reading a saved file). */
export function checkpointClaims(jws: string): CheckpointClaims {
  const payload = jws.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CheckpointClaims;
}

export interface CheckpointerOptions {
  readonly index: AuditIndex;
  /** The gateway licence (`iss`). */
  readonly licence: string;
  /** The active gateway key, read at each signing so a rotation takes effect at the next checkpoint. */
  readonly signingKey: () => CheckpointSigningKey;
  /** WASL_CHECKPOINT_INTERVAL_S: re-sign this often (default 60). */
  readonly intervalS?: number;
  readonly now?: () => number;
  /** A periodic re-signing failed (the index found the chain broken, or signing failed). */
  readonly onError?: (problem: unknown) => void;
}

/** The ledger is broken beneath the index: no checkpoint or proof is signed over it. */
export class ChainBrokenError extends Error {
  readonly code = 'WASL_ERR_AUDIT_CHAIN_BROKEN';
  constructor(readonly detail: string) {
    super(`the ledger chain is broken: ${detail}`);
    this.name = 'ChainBrokenError';
  }
}

/**
 * Keeps one current checkpoint: re-signed every interval by a timer (`start`), and on demand when
 * it is older than the interval or does not cover an entry a proof needs (`covering`).
 */
export class Checkpointer {
  readonly #options: CheckpointerOptions;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #latest: SignedCheckpoint | undefined;
  #signing: Promise<SignedCheckpoint> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: CheckpointerOptions) {
    this.#options = options;
    this.#intervalMs = Math.max(1, options.intervalS ?? 60) * 1000;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.refresh().catch((problem: unknown) => this.#options.onError?.(problem));
    }, this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The latest checkpoint, re-signed first when it is stale. */
  async latest(): Promise<SignedCheckpoint> {
    const current = this.#latest;
    if (current && this.#now() - current.claims.at < this.#intervalMs) return current;
    return this.refresh();
  }

  /** A checkpoint whose tree holds entry `seq` (re-signed when the latest one is older than it). */
  async covering(seq: number): Promise<SignedCheckpoint> {
    const current = await this.latest();
    return current.claims.seq >= seq ? current : this.refresh();
  }

  /** Catches the index up and signs its head now; concurrent callers share one signing. */
  refresh(): Promise<SignedCheckpoint> {
    this.#signing ??= this.#sign().finally(() => {
      this.#signing = undefined;
    });
    return this.#signing;
  }

  async #sign(): Promise<SignedCheckpoint> {
    const { index } = this.#options;
    await index.catchUp();
    if (index.broken) throw new ChainBrokenError(`entry ${index.broken.seq} (${index.broken.what}): ${index.broken.detail}`);
    const at = this.#now();
    const claims: CheckpointClaims = { iss: this.#options.licence, iat: Math.floor(at / 1000), seq: index.size, head: index.headHash, root: index.root().toString('hex'), at };
    const signed = { jws: await signCheckpoint(claims, this.#options.signingKey()), claims };
    this.#latest = signed;
    return signed;
  }
}
