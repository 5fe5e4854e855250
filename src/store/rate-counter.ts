/**
 * The rate counter port (issue 9, item 10): a fixed-window request counter shared by every
 * gateway instance. `store/embedded/rate-counter.ts` keeps it in process memory (one process
 * owns the embedded store); `store/redis/rate-counter.ts` keeps it in Redis, so two instances
 * behind one load balancer spend one budget. The policy (which key, what limit) lives in
 * `security/rate-limit.ts`; a counter only counts.
 */

export interface RateWindow {
  /** Hits in the current window, this one included. */
  readonly count: number;
  /** Epoch ms at which the current window ends and the count starts again from zero. */
  readonly resetAt: number;
}

export interface RateCounter {
  /**
   * Counts one hit against `key`. A window starts at the first hit after the previous one ended
   * and lasts `windowMs`. Rejects with `StoreUnavailableError` when the backing store is down.
   */
  hit(key: string, windowMs: number): Promise<RateWindow>;
}
