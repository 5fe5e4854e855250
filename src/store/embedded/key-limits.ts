/**
 * LMDB refuses keys over 1,978 bytes (lmdb-js `maxKeySize`): a read throws "String does not fit
 * in target buffer" and a write can fail the whole transaction. The gateway checks ids before
 * they reach the store (FHIR ids are at most 64 characters), so an over-long key here is one that
 * cannot exist: reads answer "not found", writes fail as a defect (never as an outage).
 */
import { createHash } from 'node:crypto';

/** Below LMDB's 1,978 bytes, leaving room for the tuple encoding of multi-part keys. */
const MAX_KEY_BYTES = 1_900;

/** Whether a key made of these parts can be stored. */
export function keyFits(...parts: readonly string[]): boolean {
  let bytes = 0;
  for (const part of parts) bytes += Buffer.byteLength(part, 'utf8') + 2;
  return bytes <= MAX_KEY_BYTES;
}

/** A key that always fits: itself when short, else its SHA-256 (one-time keys are looked up exactly, never listed). */
export function boundedKey(key: string): string {
  return keyFits(key) ? key : `sha256:${createHash('sha256').update(key).digest('base64url')}`;
}

/** An over-long key reached a write: the ids were not checked upstream. */
export class KeyTooLongError extends Error {
  readonly code = 'WASL_ERR_KEY_TOO_LONG';
  constructor(what: string) {
    super(`${what} is too long to be a store key`);
    this.name = 'KeyTooLongError';
  }
}
