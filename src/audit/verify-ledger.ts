/**
 * `wasl audit verify` over a store (SPEC section 7): the chain from entry 1 (or from N, trusting
 * entry N-1 as read), then the store's head record against the last entry, because a tail cut off
 * cleanly leaves a chain that verifies: only the head record (LMDB meta `ledger-seq`, Redis
 * `ledger-head`) still counts the entries that were removed.
 */
import { GENESIS_HASH } from '../store/ledger-chain.js';
import type { LedgerHead, LedgerStore } from '../store/ports.js';
import { ledgerPages, walkChain, type WalkResult } from './chain-walk.js';
import type { ChainBreak } from './classify-break.js';

export type LedgerReader = Pick<LedgerStore, 'readLedger' | 'ledgerHead'>;

export interface VerifyReport {
  readonly ok: boolean;
  readonly verified: number;
  readonly fromSeq: number;
  /** With --from N: entry N-1, taken as read without checking what came before it. */
  readonly trusted?: { readonly seq: number; readonly hash: string };
  readonly head?: { readonly seq: number; readonly hash: string };
  readonly break?: ChainBreak;
}

export interface VerifyOptions {
  readonly fromSeq?: number;
  readonly pageSize?: number;
  readonly onProgress?: (verified: number, expected: number) => void;
}

export async function verifyLedger(store: LedgerReader, options: VerifyOptions = {}): Promise<VerifyReport> {
  const fromSeq = Math.max(1, options.fromSeq ?? 1);
  const start = await trustedStart(store, fromSeq);
  if ('break' in start) return { ok: false, verified: 0, fromSeq, break: start.break };
  // Read before the walk: entries a running gateway appends meanwhile are then beyond it, not missing.
  const headBefore = await store.ledgerHead();
  const expected = Math.max(0, headBefore.seq - fromSeq + 1);
  const walked = await walkChain(ledgerPages(store, fromSeq, options.pageSize), { fromSeq, expectedPrev: start.hash }, {
    onProgress: (verified) => options.onProgress?.(verified, expected),
  });
  const trusted = fromSeq > 1 ? { trusted: { seq: fromSeq - 1, hash: start.hash } } : {};
  if (!walked.ok) return { ok: false, verified: walked.verified, fromSeq, ...trusted, break: walked.break };
  const headProblem = checkHead(walked, headBefore, await store.ledgerHead());
  if (headProblem) return { ok: false, verified: walked.verified, fromSeq, ...trusted, break: headProblem };
  return { ok: true, verified: walked.verified, fromSeq, ...trusted, head: walked.last };
}

async function trustedStart(store: LedgerReader, fromSeq: number): Promise<{ hash: string } | { break: ChainBreak }> {
  if (fromSeq === 1) return { hash: GENESIS_HASH };
  const [before] = await store.readLedger(fromSeq - 1, 1);
  if (before?.seq !== fromSeq - 1) {
    return { break: { seq: fromSeq - 1, what: 'missing', detail: `entry ${fromSeq - 1} (whose hash --from ${fromSeq} starts from) is not in the ledger` } };
  }
  return { hash: before.hash };
}

/** The head record must count exactly the entries walked (or more, appended since the walk began). */
function checkHead(walked: Extract<WalkResult, { ok: true }>, before: LedgerHead, after: LedgerHead): ChainBreak | undefined {
  const last = walked.last;
  if (last.seq < before.seq) {
    return { seq: last.seq + 1, what: 'truncated', detail: `the ledger ends at entry ${last.seq} but its head record says ${before.seq}: entries ${last.seq + 1}..${before.seq} were removed from the end` };
  }
  if (after.seq < last.seq) {
    return { seq: after.seq + 1, what: 'inserted', detail: `entries ${after.seq + 1}..${last.seq} are beyond the head record (entry ${after.seq}): appended outside the gateway` };
  }
  if (after.seq === last.seq && after.hash !== last.hash) {
    return { seq: last.seq, what: 'edited', detail: `the head record names hash ${after.hash} for entry ${last.seq}, the entry's hash is ${last.hash}` };
  }
  return undefined;
}
