/** Latency samples and outcome counts, merged across rounds; percentiles by nearest rank. */
import type { Outcome } from './classify.js';
import type { Kind } from './message-pool.js';

export class Samples {
  #values = new Float64Array(1024);
  #size = 0;

  add(value: number): void {
    if (this.#size === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#size++] = value;
  }

  addAll(other: Samples): void {
    for (const value of other.#values.subarray(0, other.#size)) this.add(value);
  }

  get size(): number {
    return this.#size;
  }

  /** Percentiles (0..100) in one sort; NaN when there are no samples. */
  percentiles(...ps: number[]): number[] {
    if (this.#size === 0) return ps.map(() => Number.NaN);
    const sorted = this.#values.slice(0, this.#size).sort();
    return ps.map((p) => sorted[Math.min(this.#size - 1, Math.max(0, Math.ceil((p / 100) * this.#size) - 1))]!);
  }
}

/** Responses by message kind and outcome, with the latency of each. */
export class OutcomeTable {
  readonly #cells = new Map<string, Samples>();

  add(kind: Kind, outcome: Outcome, latencyMs: number): void {
    const key = `${kind}\u0000${outcome}`;
    let cell = this.#cells.get(key);
    if (!cell) this.#cells.set(key, (cell = new Samples()));
    cell.add(latencyMs);
  }

  addAll(other: OutcomeTable): void {
    for (const [key, samples] of other.#cells) {
      let cell = this.#cells.get(key);
      if (!cell) this.#cells.set(key, (cell = new Samples()));
      cell.addAll(samples);
    }
  }

  count(kind: Kind, outcome?: Outcome): number {
    let total = 0;
    for (const [key, samples] of this.#cells) {
      const [k, o] = key.split('\u0000');
      if (k === kind && (outcome === undefined || o === outcome)) total += samples.size;
    }
    return total;
  }

  samples(kind: Kind, outcome: Outcome): Samples {
    return this.#cells.get(`${kind}\u0000${outcome}`) ?? new Samples();
  }

  /** kind → outcome → count. */
  counts(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [key, samples] of this.#cells) {
      const [kind, outcome] = key.split('\u0000') as [string, string];
      (out[kind] ??= {})[outcome] = samples.size;
    }
    return out;
  }
}
