/**
 * The rate counter of an embedded cluster: every worker counts locally, with no round trip on the
 * request path, and reports what it counted to the primary every REPORT_INTERVAL_MS; the primary
 * sends every worker each window's count per worker. A request is judged against this worker's
 * own count plus the others' last reported counts, so two workers behind one port spend one
 * participant's budget, as two instances over Redis do. What a worker has not heard yet is at most
 * one report interval of the others' traffic: a participant can exceed its limit by that much
 * (at 1,200 requests a minute, one request).
 */
import cluster from 'node:cluster';
import type { RateCounter, RateWindow } from '../rate-counter.js';
import type { ClusterChannel } from './cluster-channel.js';
import type { RateReport } from './cluster-protocol.js';

const REPORT_INTERVAL_MS = 50;
const SWEEP_INTERVAL_MS = 60_000;

interface Window {
  own: number;
  /** What the other workers counted in this window, as last heard from the primary. */
  others: number;
  resetAt: number;
  readonly windowMs: number;
  /** Counted since the last report. */
  unreported: number;
}

export class ClusterRateCounter implements RateCounter {
  readonly #channel: ClusterChannel;
  readonly #windows = new Map<string, Window>();
  readonly #self = cluster.worker?.id ?? 0;
  readonly #now: () => number;
  #reportScheduled = false;
  #nextSweepAt = 0;

  constructor(channel: ClusterChannel, options: { now?: () => number } = {}) {
    this.#channel = channel;
    this.#now = options.now ?? Date.now;
    channel.on('rate', ({ windows }) => {
      const now = this.#now();
      for (const { key, resetAt, counts } of windows) {
        if (resetAt <= now) continue;
        const others = counts.reduce((sum, [worker, count]) => (worker === this.#self ? sum : sum + count), 0);
        const window = this.#windows.get(key);
        // The primary's window may have started a little before or after ours: same key, same minute.
        if (window && window.resetAt > now) window.others = others;
        else this.#windows.set(key, { own: 0, others, resetAt, windowMs: resetAt - now, unreported: 0 });
      }
    });
  }

  hit(key: string, windowMs: number): Promise<RateWindow> {
    const now = this.#now();
    if (now >= this.#nextSweepAt) this.#sweep(now);
    let window = this.#windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { own: 0, others: 0, resetAt: now + windowMs, windowMs, unreported: 0 };
      this.#windows.set(key, window);
    }
    window.own += 1;
    window.unreported += 1;
    this.#scheduleReport();
    return Promise.resolve({ count: window.own + window.others, resetAt: window.resetAt });
  }

  #scheduleReport(): void {
    if (this.#reportScheduled) return;
    this.#reportScheduled = true;
    setTimeout(() => {
      this.#reportScheduled = false;
      const counts: RateReport[] = [];
      for (const [key, window] of this.#windows) {
        if (window.unreported === 0) continue;
        counts.push([key, window.windowMs, window.unreported]);
        window.unreported = 0;
      }
      if (counts.length > 0) this.#channel.post({ op: 'rate', counts });
    }, REPORT_INTERVAL_MS).unref();
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now && window.unreported === 0) this.#windows.delete(key);
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
  }
}
