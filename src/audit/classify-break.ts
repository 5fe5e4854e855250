/**
 * Names what happened where the chain breaks (issue 11, item 2: "names the first entry that was
 * edited, deleted, reordered or inserted"). ChainVerifier says where the chain stops holding;
 * this looks at the entries around that place to say why, from content only (entry hashes and
 * links), because the sequence number an adapter reports may itself come from the tampered store
 * (Redis derives it from the stream id, LMDB keeps it inside the value).
 */
import { linkHash, sha256Hex, type ChainProblem } from '../store/ledger-chain.js';
import type { LedgerEntry } from '../store/ports.js';

export type BreakKind = 'edited' | 'missing' | 'reordered' | 'inserted' | 'truncated';

export interface ChainBreak {
  /** The entry named: the first one edited, missing, moved or inserted. */
  readonly seq: number;
  readonly what: BreakKind;
  readonly detail: string;
}

export interface BreakContext {
  /** Position (expected seq) where the verifier stopped. */
  readonly position: number;
  readonly problem: ChainProblem;
  readonly found: LedgerEntry;
  /** Verified entries just before `position`, oldest first (at most the last two are used). */
  readonly behind: readonly LedgerEntry[];
  /** Hash the entry at `position` must link to (entry position-1, or the trusted start). */
  readonly expectedPrev: string;
  /** Entries read after `found`, in store order (positions position+1, position+2...). */
  readonly ahead: readonly LedgerEntry[];
}

/** How far a renumbering after a deletion is looked for (entries deleted in one place). */
const MAX_RENUMBERED_GAP = 64;

export function classifyBreak(context: BreakContext): ChainBreak {
  const { position: p, found, behind, expectedPrev, ahead, problem } = context;
  const previous = behind.at(-1);

  // What is here links to the same entry as the one before it: that one was slipped in.
  if (previous && found.prev === previous.prev) {
    return { seq: p - 1, what: 'inserted', detail: `entry ${p - 1} was inserted: the entry after it links to entry ${p - 2}` };
  }

  // The entry that belongs here turns up later: what sits in between was moved here or inserted.
  const successor = ahead.findIndex((entry) => entry.prev === expectedPrev);
  if (successor >= 0) {
    const at = p + 1 + successor;
    const fitsLater = ahead.some((entry) => entry.hash === found.prev);
    return fitsLater
      ? { seq: p, what: 'reordered', detail: `entry ${p} is out of place: it was found at position ${at}, and position ${p} holds an entry that belongs later` }
      : { seq: p, what: 'inserted', detail: `${at - p} entr${at - p === 1 ? 'y was' : 'ies were'} inserted at ${p}: the entry that links to entry ${p - 1} comes ${at - p} later` };
  }

  if (problem.kind === 'sequence' && found.seq > p) {
    return { seq: p, what: 'missing', detail: `entr${found.seq - p === 1 ? `y ${p} is` : `ies ${p}..${found.seq - 1} are`} missing: the next entry is ${found.seq}` };
  }

  // Deleted, then the entries after renumbered: the entry's hash fits a later position.
  const digest = sha256Hex(found.body);
  for (let gap = 1; gap <= MAX_RENUMBERED_GAP; gap += 1) {
    if (linkHash(p + gap, found.at, found.kind, found.n, found.prev, digest) === found.hash) {
      return { seq: p, what: 'missing', detail: `entr${gap === 1 ? `y ${p} is` : `ies ${p}..${p + gap - 1} are`} missing: the entries after were renumbered` };
    }
  }

  if (found.prev === expectedPrev) {
    return { seq: p, what: 'edited', detail: `entry ${p} does not match its hash: its facts, time or kind were changed` };
  }
  if (ahead.some((entry) => entry.hash === found.prev)) {
    return { seq: p, what: 'reordered', detail: `entry ${p} is out of place: position ${p} holds an entry that belongs later` };
  }
  if (problem.kind === 'broken-link' && p > 1) {
    // Its own hash holds but it names another predecessor: the one before was rewritten and re-hashed.
    return { seq: p - 1, what: 'edited', detail: `entry ${p - 1} was changed and its hash recomputed: entry ${p} still links to its original hash` };
  }
  return { seq: p, what: 'edited', detail: problem.detail };
}
