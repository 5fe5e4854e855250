/**
 * The in-process rate counter beside the embedded store: one map entry per key, no I/O, no
 * timer. The cost of a hit is one map lookup and, at most once a sweep interval, a pass that
 * drops the windows that have ended (so keys that stop calling, such as flooding addresses, do
 * not stay in memory).
 */
import type { RateCounter, RateWindow } from '../rate-counter.js';

const SWEEP_INTERVAL_MS = 60_000;

interface Window {
  count: number;
  resetAt: number;
}

export class MemoryRateCounter implements RateCounter {
  readonly #windows = new Map<string, Window>();
  readonly #now: () => number;
  #nextSweepAt = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  hit(key: string, windowMs: number): Promise<RateWindow> {
    return Promise.resolve(this.hitNow(key, windowMs));
  }

  /** The same, synchronously (for callers that want no promise at all). */
  hitNow(key: string, windowMs: number): RateWindow {
    const now = this.#now();
    if (now >= this.#nextSweepAt) this.#sweep(now);
    let window = this.#windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetAt: window.resetAt };
  }

  get size(): number {
    return this.#windows.size;
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
  }
}
