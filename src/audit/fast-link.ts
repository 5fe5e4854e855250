/**
 * ChainVerifier's check (ledger-chain.ts: hash = SHA-256(linkInput(..., SHA-256(body)))) with
 * node:crypto's one-shot `hash`, about twice as fast as a Hash object per digest: hashing is most
 * of the time of a walk over the ledger. A false here is never a verdict, only a hand-over to
 * ChainVerifier, which names the problem.
 */
import { hash } from 'node:crypto';
import { linkInput } from '../store/ledger-chain.js';
import type { LedgerEntry } from '../store/ports.js';

export function linksFast(entry: LedgerEntry, expectedSeq: number, prev: string): boolean {
  return entry.seq === expectedSeq && entry.prev === prev && hash('sha256', linkInput(entry.seq, entry.at, entry.kind, entry.n, entry.prev, hash('sha256', entry.body))) === entry.hash;
}
