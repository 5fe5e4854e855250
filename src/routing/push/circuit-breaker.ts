/**
 * A circuit breaker per push payer, so that a payer that is down costs the gateway one probe per
 * cool-down instead of a timeout per message, and its messages wait in its queue (where the payer
 * may also poll them) instead of piling up as doomed attempts.
 *
 *   closed ──(failureThreshold consecutive failures)──▶ open
 *   open ──(openMs elapsed)──▶ half-open: exactly one probe attempt may go out
 *   half-open ──probe succeeds──▶ closed      half-open ──probe fails──▶ open (a new cool-down)
 *
 * Pure state: no timers, no I/O; the clock is injected. The caller asks `tryAcquire()` before every
 * attempt and reports its result; a probe it could not use (nothing to send) goes back with
 * `releaseProbe()`.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

/** `granted` while closed; `probe` for the one attempt a half-open breaker allows; `denied` otherwise. */
export type BreakerPermit = 'granted' | 'probe' | 'denied';

export interface CircuitBreakerOptions {
  /** Consecutive failed attempts that open the breaker. */
  readonly failureThreshold: number;
  /** Cool-down before an open breaker lets one probe through. */
  readonly openMs: number;
  readonly now?: () => number;
}

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  #open = false;
  #openUntil = 0;
  #probeOut = false;
  #failures = 0;

  constructor(options: CircuitBreakerOptions) {
    this.#threshold = Math.max(1, options.failureThreshold);
    this.#openMs = options.openMs;
    this.#now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (!this.#open) return 'closed';
    return this.#now() >= this.#openUntil ? 'half-open' : 'open';
  }

  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** When an open breaker will let a probe through (epoch ms); undefined unless it is open. */
  get reopensAt(): number | undefined {
    return this.state === 'open' ? this.#openUntil : undefined;
  }

  /** May one attempt go out now? In half-open, only one at a time (the probe) may. */
  tryAcquire(): BreakerPermit {
    switch (this.state) {
      case 'closed':
        return 'granted';
      case 'open':
        return 'denied';
      case 'half-open':
        if (this.#probeOut) return 'denied';
        this.#probeOut = true;
        return 'probe';
    }
  }

  /** Gives back an unused probe, so a half-open breaker can hand it out again. */
  releaseProbe(): void {
    this.#probeOut = false;
  }

  succeeded(): void {
    this.#open = false;
    this.#probeOut = false;
    this.#failures = 0;
  }

  failed(): void {
    this.#failures += 1;
    const probeFailed = this.#open && this.#probeOut;
    if (probeFailed || (!this.#open && this.#failures >= this.#threshold)) {
      this.#open = true;
      this.#openUntil = this.#now() + this.#openMs;
    }
    // A failure arriving while already open (an attempt that started before it opened) changes
    // nothing but the count: the cool-down is not extended by stragglers.
    this.#probeOut = false;
  }
}
