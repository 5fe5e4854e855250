/**
 * Providers waiting for the payer's answer inside the synchronous window (SPEC section 6),
 * in one process: the `AnswerWaiters` port for the embedded store (Redis has its own adapter).
 *
 * A waiter is registered before its request is committed, so a payer that answers within
 * milliseconds still finds it. Whoever takes a waiter first (the answer, or the timeout) owns
 * it: an answer that found its waiter is not also queued, and a waiter that timed out is
 * never handed an answer afterwards (that answer is queued for the provider instead).
 */
import type { AnswerWaiters, DeliverAnswer, PendingAnswer, StoredMessage } from '../store/ports.js';

interface Waiter {
  readonly resolve: (answer: StoredMessage | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

export class LocalAnswerWaiters implements AnswerWaiters {
  readonly #waiting = new Map<string, Waiter>();

  /** Starts waiting for the answer to the request under `key` (sender and MessageHeader.id), at most `windowMs`. */
  wait(key: string, windowMs: number): PendingAnswer {
    let settle: (answer: StoredMessage | undefined) => void = () => undefined;
    const answer = new Promise<StoredMessage | undefined>((resolve) => {
      settle = resolve;
    });
    // A second wait on the same request must not orphan the first: the first gives way (answers `queued`).
    this.#take(key)?.resolve(undefined);
    const waiter: Waiter = { resolve: settle, timer: setTimeout(() => this.#takeIf(key, waiter)?.resolve(undefined), windowMs) };
    this.#waiting.set(key, waiter);
    return { answer, cancel: () => this.#takeIf(key, waiter)?.resolve(undefined) };
  }

  /**
   * Takes the waiter of a request, if it is still waiting. The caller must then call the
   * returned function exactly once: with the answer once it is recorded, or with `undefined`.
   */
  async claim(key: string): Promise<DeliverAnswer | undefined> {
    return this.#take(key)?.resolve;
  }

  get size(): number {
    return this.#waiting.size;
  }

  /** Releases every waiter (graceful shutdown): they answer `queued`, nothing is lost. */
  releaseAll(): void {
    for (const id of [...this.#waiting.keys()]) this.#take(id)?.resolve(undefined);
  }

  /** Takes the waiter only if it is still this one (a timer or cancel must not take a successor). */
  #takeIf(key: string, waiter: Waiter): Waiter | undefined {
    return this.#waiting.get(key) === waiter ? this.#take(key) : undefined;
  }

  #take(headerId: string): Waiter | undefined {
    const waiter = this.#waiting.get(headerId);
    if (!waiter) return undefined;
    this.#waiting.delete(headerId);
    clearTimeout(waiter.timer);
    return waiter;
  }
}
