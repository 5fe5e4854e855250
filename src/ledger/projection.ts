/**
 * What a ledger projection is (issue 11, item 7): a name (its cursor and counters in the
 * ProjectionStore) and a pure fold from a page of entries to counter increments. Folding does no
 * I/O, so a page costs one read and one atomic write whatever the projection.
 */
import type { LedgerEntry } from '../store/ports.js';
import type { CounterIncrements } from '../store/projection-port.js';

export interface Projection {
  /** `[a-z0-9-]`: the key of its state in the ProjectionStore; change it to rebuild from seq 1. */
  readonly name: string;
  /** Increments for these entries (in order, gap-free); must be deterministic, entries are folded exactly once. */
  fold(entries: readonly LedgerEntry[]): CounterIncrements;
}
