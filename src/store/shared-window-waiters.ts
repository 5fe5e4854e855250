/**
 * Providers waiting inside the synchronous window (SPEC section 6) when the payer's answer may
 * arrive at another instance (Redis) or another process (an embedded cluster). The rules are the
 * same for both, and live here; each adapter says only where a window's token is kept:
 *   - `wait` registers the window's token before the request is committed, so a payer that answers
 *     at once still finds it. Only this instance's own earlier token may be replaced: a token held
 *     elsewhere means a copy of the request waits there and keeps it (overwriting would let the
 *     refused copy's cancel delete the other's token, and the answer be handed over and queued);
 *   - whoever takes the token first owns the waiter: the answer's `claim` (the answer is handed to
 *     the waiting provider and not queued), or the window's timer (compare-and-delete of its own
 *     token: the provider gets `queued`, and a later answer is queued for it);
 *   - when the timer loses that race, the waiter keeps waiting a grace period for the answer on its
 *     way, reading the store (the source of truth) in case the hand-over hint was lost.
 */
import { randomUUID } from 'node:crypto';
import type { AnswerWaiters, DeliverAnswer, PendingAnswer, StoredMessage } from './ports.js';
import { awaitClaimedAnswer } from './waited-answer.js';

interface Waiter {
  readonly key: string;
  readonly token: string;
  readonly settle: (answer: StoredMessage | undefined) => void;
  /** Resolves false when the token could not be registered: nobody can claim this waiter then. */
  readonly registered: Promise<boolean>;
  timer: NodeJS.Timeout | undefined;
}

export interface SharedWindowOptions {
  /** The answer recorded for the request under `key`, if any (store/waited-answer.ts `recordedAnswer`). */
  readonly recordedAnswer: (key: string) => Promise<StoredMessage | undefined>;
  /** How long a waiter whose request was claimed elsewhere keeps waiting for the answer (default 6000 ms). */
  readonly graceMs?: number;
  /** How often the store is read during the grace period (default 250 ms). */
  readonly graceReadMs?: number;
}

export abstract class SharedWindowWaiters implements AnswerWaiters {
  readonly #waiting = new Map<string, Waiter>();
  readonly #recordedAnswer: (key: string) => Promise<StoredMessage | undefined>;
  readonly #graceMs: number;
  readonly #graceReadMs: number;

  protected constructor(options: SharedWindowOptions) {
    this.#recordedAnswer = options.recordedAnswer;
    this.#graceMs = options.graceMs ?? 6000;
    this.#graceReadMs = options.graceReadMs ?? 250;
  }

  /**
   * Registers the window's token where every instance sees it, sent before this returns (so it
   * precedes the request's commit); resolves whether it is now this window's. `replacing`: this
   * instance held the previous window of the same request and may overwrite it.
   */
  protected abstract register(key: string, token: string, windowMs: number, replacing: boolean): Promise<boolean>;

  /** Compare-and-delete of this window's token: true when it was still this window's. */
  protected abstract releaseToken(key: string, token: string): Promise<boolean>;

  abstract claim(key: string): Promise<DeliverAnswer | undefined>;

  wait(key: string, windowMs: number): PendingAnswer {
    let resolve: (answer: StoredMessage | undefined) => void = () => undefined;
    const answer = new Promise<StoredMessage | undefined>((r) => {
      resolve = r;
    });
    // A second wait on the same request must not orphan the first: the first gives way (answers `queued`).
    const previous = this.#waiting.get(key);
    if (previous) this.#settle(previous, undefined);
    const token = randomUUID();
    const registered = this.register(key, token, windowMs, previous !== undefined).catch(() => false);
    const waiter: Waiter = { key, token, settle: resolve, registered, timer: undefined };
    waiter.timer = setTimeout(() => void this.#closeWindow(waiter), windowMs);
    this.#waiting.set(key, waiter);
    return {
      answer,
      cancel: () => {
        if (!this.#isCurrent(waiter)) return;
        this.#settle(waiter, undefined);
        // Sent now, on the channel that registered the token, so it arrives before any later claim from here.
        this.releaseToken(key, token).catch(() => undefined);
      },
    };
  }

  /** Hands an answer to the provider waiting here for `key`; false when none waits here. */
  protected handOver(key: string, answer: StoredMessage | undefined): boolean {
    const waiter = this.#waiting.get(key);
    if (!waiter) return false;
    this.#settle(waiter, answer);
    return true;
  }

  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Graceful shutdown: every local window closes now. A waiter still holding its token answers
   * `queued` at once; one whose request was already claimed elsewhere takes the answer that is on
   * its way (at most the grace period), since that answer will not be queued.
   */
  releaseAll(): void {
    for (const waiter of [...this.#waiting.values()]) void this.#closeWindow(waiter);
  }

  /** Every local waiter answers `queued` at once (closing the adapter). */
  protected settleAll(): void {
    for (const waiter of [...this.#waiting.values()]) this.#settle(waiter, undefined);
  }

  async #closeWindow(waiter: Waiter): Promise<void> {
    if (!this.#isCurrent(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.timer = undefined;
    let owned: boolean;
    try {
      owned = !(await waiter.registered) || (await this.releaseToken(waiter.key, waiter.token));
    } catch {
      // Where tokens are kept is unreachable: no answer can be claimed there until it is back.
      owned = true;
    }
    if (owned) {
      this.#settle(waiter, undefined);
      return;
    }
    const answer = await awaitClaimedAnswer({
      key: waiter.key,
      graceMs: this.#graceMs,
      readMs: this.#graceReadMs,
      stillWaiting: () => this.#isCurrent(waiter),
      onTimer: (timer) => (waiter.timer = timer),
      recordedAnswer: this.#recordedAnswer,
    });
    if (answer !== 'gone') this.#settle(waiter, answer);
  }

  #isCurrent(waiter: Waiter): boolean {
    return this.#waiting.get(waiter.key) === waiter;
  }

  #settle(waiter: Waiter, answer: StoredMessage | undefined): void {
    if (!this.#isCurrent(waiter)) return;
    this.#waiting.delete(waiter.key);
    clearTimeout(waiter.timer);
    waiter.settle(answer);
  }
}
