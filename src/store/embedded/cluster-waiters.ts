/**
 * Providers waiting inside the synchronous window (SPEC section 6) when several processes of an
 * embedded cluster share one LMDB environment: the provider's request may wait in worker A while
 * the payer's answer arrives at worker B. The same rules as over Redis (store/redis/redis-waiters.ts),
 * with the primary process holding the window tokens instead of Redis:
 *   - `wait` registers the window with the primary before the request is committed (IPC messages
 *     from one worker arrive in order, and the commit's fsync takes far longer than the hop);
 *   - whoever takes the token first owns the waiter: B's `claim` (the answer is then handed to A
 *     through the primary and not queued), or A's window timer (compare-and-delete of its own
 *     token: the provider gets `queued` and a later answer is queued for it);
 *   - when A's timer loses the race, A waits a grace period for the answer, reading the store
 *     (the source of truth) in case the hand-over was lost.
 * If the primary missed the registration, nobody can claim the window: the answer is queued and
 * the provider polls it, as when the window closes. Nothing is lost or handed over twice.
 */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import type { AnswerWaiters, DeliverAnswer, PendingAnswer, StoredMessage } from '../ports.js';
import { awaitClaimedAnswer } from '../waited-answer.js';
import type { ClusterChannel } from './cluster-channel.js';

interface Waiter {
  readonly key: string;
  readonly token: string;
  readonly settle: (answer: StoredMessage | undefined) => void;
  timer: NodeJS.Timeout | undefined;
}

export interface ClusterAnswerWaitersOptions {
  readonly channel: ClusterChannel;
  /** The answer recorded for the request under `key`, if any (see store/waited-answer.ts). */
  readonly recordedAnswer: (key: string) => Promise<StoredMessage | undefined>;
  /** How long a waiter whose request was claimed by another worker waits for that answer (default 6000 ms). */
  readonly graceMs?: number;
  /** How often the store is read during the grace period (default 250 ms). */
  readonly graceReadMs?: number;
}

/** Margin past the window for the primary to forget a token whose worker never closed it (it died). */
const TOKEN_MARGIN_MS = 1000;

export class ClusterAnswerWaiters implements AnswerWaiters {
  readonly #waiting = new Map<string, Waiter>();
  readonly #channel: ClusterChannel;
  readonly #recordedAnswer: (key: string) => Promise<StoredMessage | undefined>;
  readonly #graceMs: number;
  readonly #graceReadMs: number;
  readonly #stopListening: () => void;
  /** This worker's id, as the primary names the holder of a window. */
  readonly #self = cluster.worker?.id ?? 0;

  constructor(options: ClusterAnswerWaitersOptions) {
    this.#channel = options.channel;
    this.#recordedAnswer = options.recordedAnswer;
    this.#graceMs = options.graceMs ?? 6000;
    this.#graceReadMs = options.graceReadMs ?? 250;
    this.#stopListening = options.channel.on('deliver', ({ key, answer }) => {
      const waiter = this.#waiting.get(key);
      if (waiter) this.#settle(waiter, answer ?? undefined);
    });
  }

  wait(key: string, windowMs: number): PendingAnswer {
    let resolve: (answer: StoredMessage | undefined) => void = () => undefined;
    const answer = new Promise<StoredMessage | undefined>((r) => {
      resolve = r;
    });
    // A second wait on the same request must not orphan the first: the first gives way (answers `queued`).
    const previous = this.#waiting.get(key);
    if (previous) this.#settle(previous, undefined);
    const token = randomUUID();
    // Only our own earlier window may be replaced; a copy of this request waiting in another
    // worker keeps it (see redis-waiters.ts for why overwriting would hand an answer over twice).
    this.#channel.post({ op: 'register', key, token, ttlMs: windowMs + TOKEN_MARGIN_MS, replace: previous !== undefined });
    const waiter: Waiter = { key, token, settle: resolve, timer: undefined };
    waiter.timer = setTimeout(() => void this.#closeWindow(waiter), windowMs);
    this.#waiting.set(key, waiter);
    return {
      answer,
      cancel: () => {
        if (!this.#isCurrent(waiter)) return;
        this.#settle(waiter, undefined);
        this.#release(waiter).catch(() => undefined);
      },
    };
  }

  async claim(key: string): Promise<DeliverAnswer | undefined> {
    const { holder } = await this.#channel.request<{ holder: number | null }>({ op: 'claim', key });
    if (holder === null) return undefined;
    let delivered = false;
    return (answer) => {
      if (delivered) return;
      delivered = true;
      const local = holder === this.#self ? this.#waiting.get(key) : undefined;
      if (local) this.#settle(local, answer);
      // If this is lost, the waiting worker reads the answer from the store instead.
      else this.#channel.post({ op: 'deliver', to: holder, key, answer: answer ?? null });
    };
  }

  get size(): number {
    return this.#waiting.size;
  }

  /** Graceful shutdown: every local window closes now (see redis-waiters.ts `releaseAll`). */
  releaseAll(): void {
    for (const waiter of [...this.#waiting.values()]) void this.#closeWindow(waiter);
  }

  async close(): Promise<void> {
    this.#stopListening();
    for (const waiter of [...this.#waiting.values()]) this.#settle(waiter, undefined);
  }

  async #closeWindow(waiter: Waiter): Promise<void> {
    if (!this.#isCurrent(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.timer = undefined;
    // The primary gone means the cluster is stopping: nobody can claim the window any more.
    const released = await this.#release(waiter).catch(() => true);
    if (released) {
      this.#settle(waiter, undefined);
      return;
    }
    await this.#awaitClaimedAnswer(waiter);
  }

  /** Another instance or process claimed the request: its answer comes by hint, or is read from the store. */
  async #awaitClaimedAnswer(waiter: Waiter): Promise<void> {
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

  /** True when the window was still ours (or never registered): nobody else can hand an answer over. */
  async #release(waiter: Waiter): Promise<boolean> {
    const { released } = await this.#channel.request<{ released: boolean }>({ op: 'release', key: waiter.key, token: waiter.token });
    return released;
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
