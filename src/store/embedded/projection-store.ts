/**
 * Projection state on LMDB, in its own environment `<dataDir>/projections` beside the gateway's
 * `<dataDir>/store`: projections can be dropped and rebuilt from the ledger without touching
 * exchange state, and their writes never lengthen the accept path's transactions.
 *
 * Layout: `cursors` holds name → last applied ledger seq; `counters` holds
 * [name, bucket, field] → count, so a bucket range of one projection is one ordered scan.
 * `apply` is one LMDB write transaction; LMDB serialises writers (across processes too), so
 * the cursor read inside it is current and the check-and-move is atomic.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { StoreUnavailableError } from '../ports.js';
import { checkApply, checkProjectionName, type ApplyResult, type BucketRange, type CounterIncrements, type CounterRow, type ProjectionStore } from '../projection-port.js';
import { KeyTooLongError, keyFits } from './key-limits.js';

type CounterKey = [name: string, bucket: string, field: string];

export class LmdbProjectionStore implements ProjectionStore {
  readonly #root: RootDatabase;
  readonly #cursors: Database<number, string>;
  readonly #counters: Database<number, CounterKey>;
  #closed = false;

  private constructor(root: RootDatabase) {
    this.#root = root;
    this.#cursors = root.openDB({ name: 'cursors' });
    this.#counters = root.openDB({ name: 'counters' });
  }

  static open(options: { readonly dataDir: string }): LmdbProjectionStore {
    const path = join(options.dataDir, 'projections');
    mkdirSync(path, { recursive: true });
    return new LmdbProjectionStore(open({ path, maxDbs: 4, compression: false }));
  }

  async cursor(name: string): Promise<number> {
    checkProjectionName(name);
    this.#open();
    return this.#cursors.get(name) ?? 0;
  }

  async apply(name: string, fromCursor: number, toCursor: number, increments: CounterIncrements): Promise<ApplyResult> {
    checkApply(name, fromCursor, toCursor, increments);
    this.#open();
    // Checked before the transaction: a key LMDB cannot hold must fail the page as a defect, not half-way.
    for (const [bucket, fields] of increments) for (const field of fields.keys()) if (!keyFits(name, bucket, field)) throw new KeyTooLongError(`counter ${bucket}/${field}`);
    let result: ApplyResult = { applied: false, cursor: fromCursor };
    try {
      await this.#root.transaction(() => {
        const stored = this.#cursors.get(name) ?? 0;
        if (stored !== fromCursor) {
          result = { applied: false, cursor: stored };
          return;
        }
        for (const [bucket, fields] of increments) {
          for (const [field, by] of fields) {
            if (by === 0) continue;
            const key: CounterKey = [name, bucket, field];
            this.#counters.put(key, (this.#counters.get(key) ?? 0) + by);
          }
        }
        this.#cursors.put(name, toCursor);
        result = { applied: true, cursor: toCursor };
      });
    } catch (cause) {
      throw new StoreUnavailableError(cause);
    }
    return result;
  }

  async counters(name: string, range: BucketRange): Promise<CounterRow[]> {
    checkProjectionName(name);
    this.#open();
    const rows: CounterRow[] = [];
    for (const { key, value } of this.#counters.getRange({ start: [name, range.from] })) {
      const [keyName, bucket, field] = key;
      // Keys are ordered by name then bucket: the first one past the range ends the scan.
      if (keyName !== name || bucket > range.to) break;
      rows.push({ bucket, field, count: value });
    }
    return rows;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#root.close();
  }

  #open(): void {
    if (this.#closed) throw new StoreUnavailableError(new Error('projection store closed'));
  }
}
