/**
 * Providers waiting for the payer's answer inside the synchronous window (SPEC section 6).
 *
 * A waiter is registered before its request is committed, so a payer that answers within
 * milliseconds still finds it. Whoever takes a waiter first (the answer, or the timeout) owns
 * it: an answer that found its waiter is not also queued, and a waiter that timed out is
 * never handed an answer afterwards (that answer is queued for the provider instead).
 *
 * In-process only: when several gateway instances share Redis, the answer may arrive at
 * another instance; the Redis adapter will carry it over pub/sub.
 */
import type { StoredMessage } from '../store/ports.js';

interface Waiter {
  readonly resolve: (answer: StoredMessage | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

export interface PendingAnswer {
  /** Resolves with the answer, or `undefined` when the window closed first. */
  readonly answer: Promise<StoredMessage | undefined>;
  /** Gives up the wait (e.g. the request could not be committed). */
  cancel(): void;
}

export class AnswerWaiters {
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
  claim(headerId: string): ((answer: StoredMessage | undefined) => void) | undefined {
    return this.#take(headerId)?.resolve;
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
