/**
 * Where the audit index keeps what it derived from the ledger: every entry's hash (the Merkle
 * leaves) and Bundle.id → entry seqs, so a proof request reads a handful of entries instead of
 * scanning the ledger.
 *
 * Embedded: its own LMDB env in <dataDir>/audit (not the store's env: it is derived data, deleted
 * safely and rebuilt from the ledger at the next start). Over Redis: in process memory, rebuilt
 * by each instance from the ledger stream at start (one XRANGE pass; ~64 bytes a leaf); a shared
 * persisted index is left for when start-up time over a long ledger makes it worth it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';

export interface IndexedEntry {
  readonly seq: number;
  /** The entry hash, 32 bytes. */
  readonly hash: Buffer;
  readonly bundleId?: string | undefined;
}

export interface AuditIndexStorage {
  /** Entry hashes from seq 1, in order. */
  entryHashes(): Iterable<Buffer>;
  seqsOf(bundleId: string): Promise<number[]>;
  /** Appends entries that follow the last stored one. */
  append(entries: readonly IndexedEntry[]): Promise<void>;
  close(): Promise<void>;
}

export class MemoryIndexStorage implements AuditIndexStorage {
  readonly #hashes: Buffer[] = [];
  readonly #bundles = new Map<string, number[]>();

  entryHashes(): Iterable<Buffer> {
    return this.#hashes;
  }

  async seqsOf(bundleId: string): Promise<number[]> {
    return [...(this.#bundles.get(bundleId) ?? [])];
  }

  async append(entries: readonly IndexedEntry[]): Promise<void> {
    for (const entry of entries) {
      this.#hashes.push(entry.hash);
      if (entry.bundleId === undefined) continue;
      const seqs = this.#bundles.get(entry.bundleId);
      if (seqs) seqs.push(entry.seq);
      else this.#bundles.set(entry.bundleId, [entry.seq]);
    }
  }

  async close(): Promise<void> {}
}

/** LMDB keys are limited to ~1,978 bytes; a longer Bundle.id (not a FHIR id anyway) is not indexed. */
const MAX_INDEXED_ID = 256;

export class LmdbIndexStorage implements AuditIndexStorage {
  readonly #root: RootDatabase;
  readonly #hashes: Database<Buffer, number>;
  /** [Bundle.id, seq] → 1: a range over [Bundle.id] lists its entries in order. */
  readonly #bundles: Database<number, [string, number]>;

  private constructor(root: RootDatabase) {
    this.#root = root;
    this.#hashes = root.openDB({ name: 'entry-hashes', encoding: 'binary' });
    this.#bundles = root.openDB({ name: 'bundles' });
  }

  static open(dataDir: string): LmdbIndexStorage {
    const path = join(dataDir, 'audit');
    mkdirSync(path, { recursive: true });
    return new LmdbIndexStorage(open({ path, maxDbs: 4, compression: false }));
  }

  *entryHashes(): Iterable<Buffer> {
    for (const { value } of this.#hashes.getRange({ start: 1 })) yield value;
  }

  async seqsOf(bundleId: string): Promise<number[]> {
    if (Buffer.byteLength(bundleId) > MAX_INDEXED_ID) return [];
    return [...this.#bundles.getKeys({ start: [bundleId, 0], end: [bundleId, Number.MAX_SAFE_INTEGER] })].map((key) => key[1]);
  }

  async append(entries: readonly IndexedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One synchronous transaction per page: lmdb-js's async puts cost more per row than the write itself.
    this.#root.transactionSync(() => {
      for (const entry of entries) {
        this.#hashes.putSync(entry.seq, entry.hash);
        if (entry.bundleId !== undefined && Buffer.byteLength(entry.bundleId) <= MAX_INDEXED_ID) this.#bundles.putSync([entry.bundleId, entry.seq], 1);
      }
    });
  }

  async close(): Promise<void> {
    await this.#root.close();
  }
}
