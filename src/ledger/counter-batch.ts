/**
 * Increments gathered over one page, so a page of 1,000 entries becomes one write holding each
 * counter once, however many entries touch it.
 */
import type { CounterIncrements } from '../store/projection-port.js';

export class CounterBatch {
  readonly #buckets = new Map<string, Map<string, number>>();

  add(bucket: string, field: string, by = 1): void {
    let fields = this.#buckets.get(bucket);
    if (!fields) {
      fields = new Map();
      this.#buckets.set(bucket, fields);
    }
    fields.set(field, (fields.get(field) ?? 0) + by);
  }

  get increments(): CounterIncrements {
    return this.#buckets;
  }
}
