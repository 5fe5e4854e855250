/**
 * Wakes a sleeping worker: rung when a message is queued for its payer, when an attempt ends
 * and by the periodic sweep. A ring is never lost: a waiter passes the generation it saw before
 * looking at the queue, and returns at once if the bell rang since.
 */
export class Doorbell {
  #generation = 0;
  #waiters = new Set<() => void>();

  get generation(): number {
    return this.#generation;
  }

  ring(): void {
    this.#generation += 1;
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next ring after `since`, after `timeoutMs` (when given), or when `stop` aborts. */
  wait(since: number, stop: AbortSignal, timeoutMs?: number): Promise<void> {
    if (this.#generation !== since || stop.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        stop.removeEventListener('abort', done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, Math.max(0, timeoutMs));
      stop.addEventListener('abort', done, { once: true });
      this.#waiters.add(done);
    });
  }
}

/** Sleeps `ms`, or less if `stop` aborts first. */
export function pause(ms: number, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener('abort', done, { once: true });
  });
}
