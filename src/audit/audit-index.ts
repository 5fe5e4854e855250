/**
 * The gateway's view of its ledger for checkpoints and proofs (issue 11, item 2): the Merkle tree
 * over every entry hash and Bundle.id → entries, kept current by reading the ledger from where it
 * left off. It checks the chain as it reads (ChainVerifier), so the gateway never signs a tree over
 * a ledger that was edited underneath it: a break stops the index and is reported as `broken`.
 */
import { ChainVerifier, GENESIS_HASH, linkHash, sha256Hex } from '../store/ledger-chain.js';
import type { LedgerStore } from '../store/ports.js';
import type { ChainBreak } from './classify-break.js';
import { linksFast } from './fast-link.js';
import type { AuditIndexStorage, IndexedEntry } from './index-storage.js';
import { leafHash, MerkleTree } from './merkle.js';

export type LedgerSource = Pick<LedgerStore, 'readLedger'>;

// About 20 ms of work a page: the event loop is let through between pages.
const PAGE = 1_000;

export class AuditIndex {
  readonly #ledger: LedgerSource;
  readonly #storage: AuditIndexStorage;
  readonly #tree = new MerkleTree();
  #lastHash = GENESIS_HASH;
  #broken: ChainBreak | undefined;
  #catchingUp: Promise<number> | undefined;

  private constructor(ledger: LedgerSource, storage: AuditIndexStorage) {
    this.#ledger = ledger;
    this.#storage = storage;
  }

  /** Loads what the storage holds, checks it still matches the ledger, and catches up to the head. */
  static async open(ledger: LedgerSource, storage: AuditIndexStorage): Promise<AuditIndex> {
    const index = new AuditIndex(ledger, storage);
    for (const hash of storage.entryHashes()) {
      index.#tree.append(leafHash(hash.toString('hex')));
      index.#lastHash = hash.toString('hex');
    }
    const size = index.#tree.size;
    // Entries below the indexed head are checked by `wasl audit verify`, not at every start.
    if (size > 0) {
      const [last] = await ledger.readLedger(size, 1);
      // Recomputed, not only compared: an entry edited in place keeps its stored hash.
      const intact = last?.seq === size && last.hash === index.#lastHash && linkHash(last.seq, last.at, last.kind, last.n, last.prev, sha256Hex(last.body)) === last.hash;
      if (!intact) {
        index.#broken = { seq: size, what: 'edited', detail: `entry ${size} is no longer the entry the audit index recorded: the ledger was rewritten` };
      }
    }
    await index.catchUp();
    return index;
  }

  get size(): number {
    return this.#tree.size;
  }

  /** Hash of the last indexed entry (GENESIS_HASH when empty). */
  get headHash(): string {
    return this.#lastHash;
  }

  get broken(): ChainBreak | undefined {
    return this.#broken;
  }

  /** Reads and indexes entries appended since; returns the size. Concurrent calls share one pass. */
  catchUp(): Promise<number> {
    this.#catchingUp ??= this.#readNew().finally(() => {
      this.#catchingUp = undefined;
    });
    return this.#catchingUp;
  }

  async #readNew(): Promise<number> {
    if (this.#broken) return this.size;
    for (;;) {
      const page = await this.#ledger.readLedger(this.size + 1, PAGE);
      const indexed: IndexedEntry[] = [];
      let seq = this.size;
      let prev = this.#lastHash;
      for (const entry of page) {
        if (!linksFast(entry, seq + 1, prev)) {
          // ChainVerifier names the problem (and has the last word if the fast check was wrong).
          const problem = new ChainVerifier(seq + 1, prev).next(entry);
          if (problem) {
            this.#broken = { seq: problem.seq, what: problem.kind === 'sequence' ? 'missing' : 'edited', detail: problem.detail };
            break;
          }
        }
        indexed.push({ seq: entry.seq, hash: Buffer.from(entry.hash, 'hex'), bundleId: bundleIdOf(entry.body) });
        seq = entry.seq;
        prev = entry.hash;
      }
      await this.#storage.append(indexed);
      for (const entry of indexed) this.#tree.append(leafHash(entry.hash.toString('hex')));
      this.#lastHash = prev;
      if (this.#broken || page.length < PAGE) return this.size;
      // Let requests through between pages: catching up a minute of traffic (or a million entries
      // at start) must not hold the event loop (LMDB reads are synchronous, so await alone would not yield).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  seqsOf(bundleId: string): Promise<number[]> {
    return this.#storage.seqsOf(bundleId);
  }

  root(size = this.size): Buffer {
    return this.#tree.root(size);
  }

  inclusionProof(seq: number, size: number): Buffer[] {
    return this.#tree.inclusionProof(seq - 1, size);
  }

  consistencyProof(first: number, second: number): Buffer[] {
    return this.#tree.consistencyProof(first, second);
  }

  close(): Promise<void> {
    return this.#storage.close();
  }
}

const BUNDLE_ID_KEY = '"bundleId":"';

/**
 * The Bundle.id of canonical facts (encodeFacts: `bundleId` is a top-level key, before any free
 * text): read in place, parsed only when the value holds an escape.
 */
function bundleIdOf(body: string): string | undefined {
  const at = body.indexOf(BUNDLE_ID_KEY);
  if (at < 0) return undefined;
  const start = at + BUNDLE_ID_KEY.length;
  const end = body.indexOf('"', start);
  const id = end < 0 ? '' : body.slice(start, end);
  if (!id.includes('\\')) return id;
  try {
    const facts = JSON.parse(body) as { bundleId?: unknown };
    return typeof facts.bundleId === 'string' ? facts.bundleId : undefined;
  } catch {
    return undefined;
  }
}
