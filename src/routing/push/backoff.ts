/**
 * Retry delays for pushed messages (SPEC section 6: "pushed messages are retried with backoff").
 *
 * Exponential with "full jitter" (a uniformly random delay between 0 and the exponential
 * ceiling): when a payer comes back after an outage, the gateway's retries of many messages, and
 * those of other gateway instances, are spread out instead of arriving together and knocking it
 * over again. See "Exponential Backoff And Jitter", AWS Architecture Blog, 2015.
 */

export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  readonly baseMs: number;
  /** No delay is ever longer than this. */
  readonly maxMs: number;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  readonly random?: () => number;
}

/** The ceiling doubles per failure; past this many doublings it is at `maxMs` anyway for any sane base. */
const MAX_DOUBLINGS = 30;

/** The exponential ceiling before jitter for the retry after `failures` failed attempts (1 = first retry). */
export function backoffCeiling(failures: number, options: Pick<BackoffOptions, 'baseMs' | 'maxMs'>): number {
  const doublings = Math.min(Math.max(failures, 1) - 1, MAX_DOUBLINGS);
  return Math.min(options.maxMs, options.baseMs * 2 ** doublings);
}

/** How long to wait before the next attempt after `failures` failed attempts: full jitter under the ceiling. */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  return Math.round(random() * backoffCeiling(failures, options));
}
