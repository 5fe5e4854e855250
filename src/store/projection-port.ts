/**
 * Projection state (issue 11, item 7; issue 15, item 1): what a ledger projection has applied so
 * far (its cursor, the sequence number of the last ledger entry folded in) and the counters it
 * maintains. Kept apart from the gateway store's ports: reports and risk read counters, never
 * the exchange state, and a projection can be rebuilt from the ledger at any time.
 *
 * Exactly-once comes from one rule: counters move only together with the cursor, in one atomic
 * write that is refused when the cursor is not where the writer read it. A reader that crashed
 * after reading a page but before applying it simply reads that page again; two instances that
 * read the same page cannot both apply it.
 *
 * Counters are grouped in buckets (for example one per day): a bucket is the unit a query ranges
 * over, a field is one counter inside it. Bucket names are printable ASCII, so every adapter
 * orders them the same way (LMDB's and Redis's byte order, JavaScript's code-unit order), and a
 * projection chooses names that sort the way it queries them (ISO dates do).
 */

/** bucket → field → amount to add (may be negative; zero entries are allowed and ignored). */
export type CounterIncrements = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** The outcome of `apply`: applied, or refused because the stored cursor was elsewhere. */
export interface ApplyResult {
  readonly applied: boolean;
  /** The stored cursor after the call: `toCursor` when applied, else the cursor another writer left. */
  readonly cursor: number;
}

export interface CounterRow {
  readonly bucket: string;
  readonly field: string;
  readonly count: number;
}

/** Buckets from `from` to `to`, both included. */
export interface BucketRange {
  readonly from: string;
  readonly to: string;
}

export interface ProjectionStore {
  /** The last ledger sequence number applied by projection `name` (0 before the first apply). */
  cursor(name: string): Promise<number>;
  /**
   * Adds `increments` to the counters of `name` and moves its cursor from `fromCursor` to
   * `toCursor`, in one atomic write; writes nothing and answers `applied: false` when the stored
   * cursor is not `fromCursor`. `toCursor` must be greater than `fromCursor`.
   */
  apply(name: string, fromCursor: number, toCursor: number, increments: CounterIncrements): Promise<ApplyResult>;
  /** Every counter of `name` in the buckets of `range`, ordered by bucket then field. */
  counters(name: string, range: BucketRange): Promise<CounterRow[]>;
  close(): Promise<void>;
}

/** A caller asked to move a cursor backwards or nowhere: a defect in the reader, never retried. */
export class CursorOrderError extends Error {
  readonly code = 'WASL_ERR_PROJECTION_CURSOR';
  constructor(
    readonly projection: string,
    readonly fromCursor: number,
    readonly toCursor: number,
  ) {
    super(`projection ${projection}: cursor cannot move from ${fromCursor} to ${toCursor}`);
    this.name = 'CursorOrderError';
  }
}

/** A projection name an adapter cannot use as (part of) a key: a defect, never retried. */
export class ProjectionNameError extends Error {
  readonly code = 'WASL_ERR_PROJECTION_NAME';
  constructor(readonly projection: string) {
    super(`projection name ${JSON.stringify(projection)} is not lower-case letters, digits and dashes`);
    this.name = 'ProjectionNameError';
  }
}

/**
 * Projection names are constants in code (`daily-counts`); keeping them to `[a-z0-9-]` lets the
 * Redis adapter put them inside key names without escaping.
 */
export function checkProjectionName(name: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) throw new ProjectionNameError(name);
}

/** Shared argument check of every adapter's `apply`: name, cursor move, and whole-number increments. */
export function checkApply(name: string, fromCursor: number, toCursor: number, increments: CounterIncrements): void {
  checkProjectionName(name);
  if (!Number.isSafeInteger(fromCursor) || !Number.isSafeInteger(toCursor) || fromCursor < 0 || toCursor <= fromCursor) {
    throw new CursorOrderError(name, fromCursor, toCursor);
  }
  for (const [bucket, fields] of increments) {
    if (!/^[\x20-\x7e]+$/.test(bucket)) throw new RangeError(`projection ${name}: bucket ${JSON.stringify(bucket)} is not printable ASCII`);
    for (const by of fields.values()) if (!Number.isSafeInteger(by)) throw new RangeError(`projection ${name}: increment ${by} is not a whole number`);
  }
}
