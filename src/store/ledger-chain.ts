/**
 * The exchange ledger's chain (SPEC section 7): how an entry's facts are encoded and how each
 * entry is linked to the one before it. Shared by both store adapters (the Redis one repeats
 * `linkHash` in Lua, see redis/ledger-lua.ts) and by `wasl audit verify`.
 *
 * An entry is split in two parts:
 *   - its facts (`body`): canonical JSON written by the gateway (fixed key order, absent fields
 *     left out), so every adapter stores the same bytes for the same facts;
 *   - its place: sequence number, time, kind and delivery number, fixed inside the store's
 *     atomic write, where the previous entry's hash is known.
 * hash = SHA-256(seq "\n" at "\n" kind "\n" n "\n" prev "\n" SHA-256(body)), all in lower-case hex.
 * The facts are digested first so the part computed inside Redis (Lua, no native SHA-256) is a
 * short fixed-size input whatever the facts' size.
 */
import { hash } from 'node:crypto';
import type { LedgerEntry, LedgerFacts, LedgerKind } from './ports.js';

/** `prev` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export function sha256Hex(text: string): string {
  // One-shot: about half the cost of createHash for the short texts hashed here.
  return hash('sha256', text, 'hex');
}

/**
 * The canonical text of an entry's facts. Key order is fixed here, not by object insertion, so
 * facts built in different places encode to the same bytes.
 */
export function encodeFacts(facts: LedgerFacts): string {
  const parts: string[] = [];
  for (const key of FACT_KEYS) {
    const value = facts[key];
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}

/** Every fact, in the order they are encoded (kept stable: changing it changes every digest). */
const FACT_KEYS = [
  'sender',
  'recipient',
  'event',
  'bundleId',
  'headerId',
  'receivedHash',
  'deliveredHash',
  'kid',
  'outcome',
  'codes',
  'requestHeaderId',
  'senderSignature',
  'patientKeys',
  'subject',
  'detail',
  // Issue 15's report facts: appended, so every earlier body encodes exactly as before.
  'items',
  'sbsItems',
  'families',
  'probability',
  'requestEvent',
  'turnaroundMs',
  'inWindow',
  'decision',
  'reasons',
] as const satisfies readonly (keyof LedgerFacts)[];

/** The input of an entry's hash: its place and the digest of its facts. */
export function linkInput(seq: number, at: number, kind: LedgerKind, n: number | undefined, prev: string, bodyDigest: string): string {
  return `${seq}\n${at}\n${kind}\n${n ?? ''}\n${prev}\n${bodyDigest}`;
}

export function linkHash(seq: number, at: number, kind: LedgerKind, n: number | undefined, prev: string, bodyDigest: string): string {
  return sha256Hex(linkInput(seq, at, kind, n, prev, bodyDigest));
}

/** Builds the next entry after `head` (inside a store's write, where the head is current). */
export function chainEntry(
  head: { readonly seq: number; readonly hash: string },
  at: number,
  kind: LedgerKind,
  body: string,
  bodyDigest: string,
  n?: number,
): LedgerEntry {
  const seq = head.seq + 1;
  const hash = linkHash(seq, at, kind, n, head.hash, bodyDigest);
  return n === undefined ? { seq, at, kind, prev: head.hash, hash, body } : { seq, at, kind, n, prev: head.hash, hash, body };
}

/** A fact body ready to be chained: its canonical text and that text's digest, computed once. */
export interface EncodedFacts {
  readonly body: string;
  readonly digest: string;
}

export function encoded(facts: LedgerFacts): EncodedFacts {
  const body = encodeFacts(facts);
  return { body, digest: sha256Hex(body) };
}

export type ChainProblem =
  | { readonly kind: 'edited'; readonly seq: number; readonly detail: string }
  | { readonly kind: 'broken-link'; readonly seq: number; readonly detail: string }
  | { readonly kind: 'sequence'; readonly seq: number; readonly detail: string };

/**
 * Checks entries in order, one at a time, so a walk over millions of entries holds one entry in
 * memory. Feed it entries from `fromSeq`; `expectedPrev` is the hash of entry `fromSeq - 1`
 * (GENESIS_HASH from 1). Returns the first problem, naming the entry where the chain breaks.
 */
export class ChainVerifier {
  #seq: number;
  #prev: string;

  constructor(fromSeq = 1, expectedPrev = GENESIS_HASH) {
    this.#seq = fromSeq - 1;
    this.#prev = expectedPrev;
  }

  get lastSeq(): number {
    return this.#seq;
  }

  get lastHash(): string {
    return this.#prev;
  }

  next(entry: LedgerEntry): ChainProblem | undefined {
    const expectedSeq = this.#seq + 1;
    if (entry.seq !== expectedSeq) {
      // A deleted entry leaves a gap; an inserted or moved one repeats or goes back.
      const what = entry.seq > expectedSeq ? `entries ${expectedSeq}..${entry.seq - 1} are missing` : `entry ${entry.seq} is out of order or inserted`;
      return { kind: 'sequence', seq: expectedSeq, detail: `expected entry ${expectedSeq}, found ${entry.seq}: ${what}` };
    }
    const digest = sha256Hex(entry.body);
    const recomputed = linkHash(entry.seq, entry.at, entry.kind, entry.n, entry.prev, digest);
    if (recomputed !== entry.hash) {
      return { kind: 'edited', seq: entry.seq, detail: `entry ${entry.seq} does not match its hash: its facts, time or kind were changed` };
    }
    if (entry.prev !== this.#prev) {
      return { kind: 'broken-link', seq: entry.seq, detail: `entry ${entry.seq} does not follow entry ${expectedSeq - 1}: an entry before it was changed, removed or inserted` };
    }
    this.#seq = entry.seq;
    this.#prev = entry.hash;
    return undefined;
  }
}
