/**
 * Providers waiting inside the synchronous window (SPEC section 6) when several gateway instances
 * share one Redis: the provider's request may wait on instance A while the payer's answer
 * arrives at instance B.
 *
 * Ownership is a token in Redis, not a map entry: `wait` sets `waiter:<key>` (expiring a little
 * after the window, so a crashed instance leaves nothing behind) unless another instance already
 * holds it for a copy of the same request, and whoever deletes it first owns the waiter:
 *   - the answer's `claim` (DEL returned 1): the answer is handed to the waiting provider and not
 *     queued. B publishes it on the answers channel once recorded; A resolves its local waiter.
 *   - the window's timer on A (compare-and-delete of its own token): the provider gets `queued`,
 *     and a later answer finds no token, so it is queued for the provider.
 * When A's timer loses the race (B claimed just before), A keeps waiting a grace period for the
 * answer. Pub/sub is only a hint: A also reads the request's exchange from the store, which is
 * the source of truth, so an answer recorded by B is never lost because its message was missed.
 */
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError, type AnswerWaiters, type DeliverAnswer, type PendingAnswer, type StoredMessage } from '../ports.js';
import { closeQuietly, connectWaslClient, createWaslClient, type WaslRedisClient } from './connection.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './lua-script.js';
import { awaitClaimedAnswer } from '../waited-answer.js';

/** Deletes a token only if it is still ours (a newer wait on the same request may have replaced it). */
const releaseOwnToken = new LuaScript(`
if redis.call('GET', ARGV[1]) == ARGV[2] then return redis.call('DEL', ARGV[1]) end
return 0
`);

export interface RedisAnswerWaitersOptions {
  readonly url: string;
  /**
   * The command connection (not owned). It must be the one the store writes through: a token set
   * before `accept` is then in Redis before the request can be seen by any payer.
   */
  readonly client: WaslRedisClient;
  readonly keys: RedisKeys;
  /** The answer recorded for the request under `key`, if any (read from the store when a hint was missed). */
  readonly recordedAnswer: (key: string) => Promise<StoredMessage | undefined>;
  /** How long a waiter whose request was claimed elsewhere keeps waiting for the answer (default 6000 ms). */
  readonly graceMs?: number;
  /** How often the store is read during the grace period (default 250 ms). */
  readonly graceReadMs?: number;
}

interface Waiter {
  readonly key: string;
  readonly token: string;
  readonly settle: (answer: StoredMessage | undefined) => void;
  /** Resolves false when the token could not be set: nobody can claim this waiter then. */
  readonly registered: Promise<boolean>;
  timer: NodeJS.Timeout | undefined;
}

interface Published {
  readonly key: string;
  readonly answer: StoredMessage | null;
}

/** Margin past the window for the token to expire by itself after its waiter is gone. */
const TOKEN_MARGIN_MS = 1000;

export class RedisAnswerWaiters implements AnswerWaiters {
  readonly #waiting = new Map<string, Waiter>();
  readonly #client: WaslRedisClient;
  readonly #subscriber: WaslRedisClient;
  readonly #keys: RedisKeys;
  readonly #recordedAnswer: (key: string) => Promise<StoredMessage | undefined>;
  readonly #graceMs: number;
  readonly #graceReadMs: number;

  private constructor(options: RedisAnswerWaitersOptions, subscriber: WaslRedisClient) {
    this.#client = options.client;
    this.#subscriber = subscriber;
    this.#keys = options.keys;
    this.#recordedAnswer = options.recordedAnswer;
    this.#graceMs = options.graceMs ?? 6000;
    this.#graceReadMs = options.graceReadMs ?? 250;
  }

  /** Subscribes to the answers channel before returning, so no answer published afterwards is missed. */
  static async open(options: RedisAnswerWaitersOptions): Promise<RedisAnswerWaiters> {
    const subscriber = createWaslClient({ url: options.url });
    await connectWaslClient(subscriber);
    const waiters = new RedisAnswerWaiters(options, subscriber);
    await subscriber.subscribe(options.keys.answersChannel, (text) => waiters.#receive(text));
    return waiters;
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
    // A token of another instance means a copy of this request is already waiting there (copies
    // racing on two instances): that waiter keeps the request and this one cannot be claimed. Its
    // copy is usually refused as a duplicate; if it is the one recorded, its provider gets `queued`
    // and the answer by poll. Overwriting instead would let the refused copy's cancel delete the
    // other's token, and the answer would be both handed over and queued. Only our own earlier
    // token may be replaced. One plain command (not a script), so it reaches Redis before the
    // `accept` sent after it.
    const expiration = { type: 'PX', value: windowMs + TOKEN_MARGIN_MS } as const;
    const registered = this.#client
      .set(this.#keys.waiter(key), token, previous ? { expiration } : { expiration, condition: 'NX' })
      .then((reply) => reply === 'OK')
      .catch(() => false);
    const waiter: Waiter = { key, token, settle: resolve, registered, timer: undefined };
    waiter.timer = setTimeout(() => void this.#closeWindow(waiter), windowMs);
    this.#waiting.set(key, waiter);
    return {
      answer,
      cancel: () => {
        if (!this.#isCurrent(waiter)) return;
        this.#settle(waiter, undefined);
        // Sent now, on the connection that set the token, so it reaches Redis before any later claim from here.
        this.#releaseToken(waiter).catch(() => undefined);
      },
    };
  }

  async claim(key: string): Promise<DeliverAnswer | undefined> {
    let taken: number;
    try {
      taken = await this.#client.del(this.#keys.waiter(key));
    } catch (cause) {
      throw new StoreUnavailableError(cause);
    }
    if (taken === 0) return undefined;
    let delivered = false;
    return (answer) => {
      if (delivered) return;
      delivered = true;
      const local = this.#waiting.get(key);
      if (local) {
        this.#settle(local, answer);
        return;
      }
      const published: Published = { key, answer: answer ?? null };
      // If this is lost, the waiting instance reads the answer from the store instead.
      this.#client.publish(this.#keys.answersChannel, JSON.stringify(published)).catch(() => undefined);
    };
  }

  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Graceful shutdown: every local window closes now. A waiter still holding its token answers
   * `queued` at once; one whose request was already claimed by another instance takes the
   * answer that is on its way (at most the grace period), since that answer will not be queued.
   */
  releaseAll(): void {
    for (const waiter of [...this.#waiting.values()]) void this.#closeWindow(waiter);
  }

  /** Stops listening for answers; local waiters answer `queued`. Leaves the command connection open. */
  async close(): Promise<void> {
    for (const waiter of [...this.#waiting.values()]) this.#settle(waiter, undefined);
    await closeQuietly(this.#subscriber);
  }

  async #closeWindow(waiter: Waiter): Promise<void> {
    if (!this.#isCurrent(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.timer = undefined;
    let ownedToken: boolean;
    try {
      ownedToken = !(await waiter.registered) || (await this.#releaseToken(waiter));
    } catch {
      // Redis is away: no answer can be recorded for this request until it is back.
      ownedToken = true;
    }
    if (ownedToken) {
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

  async #releaseToken(waiter: Waiter): Promise<boolean> {
    return (await releaseOwnToken.run(this.#client, [this.#keys.waiter(waiter.key), waiter.token])) === 1;
  }

  #receive(text: string): void {
    let published: Published;
    try {
      published = JSON.parse(text) as Published;
    } catch {
      return;
    }
    const waiter = typeof published.key === 'string' ? this.#waiting.get(published.key) : undefined;
    if (waiter) this.#settle(waiter, published.answer ?? undefined);
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
