/**
 * Walks the ledger chain page by page (SPEC section 7, `wasl audit verify`): one fast link check
 * per entry (ChainVerifier decides wherever it fails), nothing kept but the last two entries and
 * the current page, so a walk over millions of entries runs in constant memory. At the first break it reads one more page to name
 * what happened there (classify-break.ts).
 */
import { ChainVerifier } from '../store/ledger-chain.js';
import type { LedgerEntry } from '../store/ports.js';
import { classifyBreak, type ChainBreak } from './classify-break.js';
import { linksFast } from './fast-link.js';

export interface WalkStart {
  /** First entry to check (1: the whole chain). */
  readonly fromSeq: number;
  /** Hash of entry fromSeq-1 (GENESIS_HASH from 1). */
  readonly expectedPrev: string;
}

export type WalkResult =
  | { readonly ok: true; readonly verified: number; readonly last: { readonly seq: number; readonly hash: string } }
  | { readonly ok: false; readonly verified: number; readonly break: ChainBreak };

export interface WalkOptions {
  /** Called after each page with the number of entries verified so far. */
  readonly onProgress?: (verified: number) => void;
}

export async function walkChain(pages: AsyncIterator<readonly LedgerEntry[]>, start: WalkStart, options: WalkOptions = {}): Promise<WalkResult> {
  let lastSeq = start.fromSeq - 1;
  let lastHash = start.expectedPrev;
  // Set once the fast check disagrees with ChainVerifier on an entry it accepts (the chain rule
  // changed): every later entry then goes through ChainVerifier alone.
  let verifier: ChainVerifier | undefined;
  let verified = 0;
  let behind: LedgerEntry[] = [];
  for (;;) {
    const next = await pages.next();
    if (next.done) return { ok: true, verified, last: { seq: lastSeq, hash: lastHash } };
    const page = next.value;
    for (let i = 0; i < page.length; i += 1) {
      const entry = page[i]!;
      if (verifier || !linksFast(entry, lastSeq + 1, lastHash)) {
        // ChainVerifier has the last word on every entry the fast check does not pass.
        const checker = verifier ?? new ChainVerifier(lastSeq + 1, lastHash);
        const problem = checker.next(entry);
        if (problem) {
          const ahead = [...page.slice(i + 1), ...(await readAhead(pages))];
          const lastTwo = [...behind, ...page.slice(Math.max(0, i - 2), i)].slice(-2);
          return { ok: false, verified, break: classifyBreak({ position: lastSeq + 1, problem, found: entry, behind: lastTwo, expectedPrev: lastHash, ahead }) };
        }
        verifier = checker;
      }
      lastSeq = entry.seq;
      lastHash = entry.hash;
      verified += 1;
    }
    behind = page.slice(-2);
    options.onProgress?.(verified);
  }
}

async function readAhead(pages: AsyncIterator<readonly LedgerEntry[]>): Promise<readonly LedgerEntry[]> {
  const next = await pages.next();
  return next.done ? [] : next.value;
}

/** Pages of a store's ledger from `fromSeq`, following the sequence numbers read. */
export async function* ledgerPages(store: { readLedger(fromSeq: number, limit: number): Promise<LedgerEntry[]> }, fromSeq: number, pageSize = 8192): AsyncGenerator<LedgerEntry[]> {
  let from = fromSeq;
  for (;;) {
    const page = await store.readLedger(from, pageSize);
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    // A tampered seq inside a value must not send the walk backwards.
    from = Math.max(page.at(-1)!.seq, from + page.length - 1) + 1;
  }
}
