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
import { StoreUnavailableError, type DeliverAnswer, type StoredMessage } from '../ports.js';
import { SharedWindowWaiters } from '../shared-window-waiters.js';
import { closeQuietly, connectWaslClient, createWaslClient, type WaslRedisClient } from './connection.js';
import type { RedisKeys } from './keys.js';
import { LuaScript } from './lua-script.js';

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

interface Published {
  readonly key: string;
  readonly answer: StoredMessage | null;
}

/** Margin past the window for the token to expire by itself after its waiter is gone. */
const TOKEN_MARGIN_MS = 1000;

export class RedisAnswerWaiters extends SharedWindowWaiters {
  readonly #client: WaslRedisClient;
  readonly #subscriber: WaslRedisClient;
  readonly #keys: RedisKeys;

  private constructor(options: RedisAnswerWaitersOptions, subscriber: WaslRedisClient) {
    super(options);
    this.#client = options.client;
    this.#subscriber = subscriber;
    this.#keys = options.keys;
  }

  /** Subscribes to the answers channel before returning, so no answer published afterwards is missed. */
  static async open(options: RedisAnswerWaitersOptions): Promise<RedisAnswerWaiters> {
    const subscriber = createWaslClient({ url: options.url });
    await connectWaslClient(subscriber);
    const waiters = new RedisAnswerWaiters(options, subscriber);
    await subscriber.subscribe(options.keys.answersChannel, (text) => waiters.#receive(text));
    return waiters;
  }

  /**
   * `waiter:<key>`, expiring a little after the window so a crashed instance leaves nothing behind;
   * NX unless replacing our own. One plain command (not a script), sent on the connection the store
   * writes through, so it reaches Redis before the `accept` sent after it.
   */
  protected async register(key: string, token: string, windowMs: number, replacing: boolean): Promise<boolean> {
    const expiration = { type: 'PX', value: windowMs + TOKEN_MARGIN_MS } as const;
    const reply = await this.#client.set(this.#keys.waiter(key), token, replacing ? { expiration } : { expiration, condition: 'NX' });
    return reply === 'OK';
  }

  protected async releaseToken(key: string, token: string): Promise<boolean> {
    return (await releaseOwnToken.run(this.#client, [this.#keys.waiter(key), token])) === 1;
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
      if (this.handOver(key, answer)) return;
      const published: Published = { key, answer: answer ?? null };
      // If this is lost, the waiting instance reads the answer from the store instead.
      this.#client.publish(this.#keys.answersChannel, JSON.stringify(published)).catch(() => undefined);
    };
  }

  /** Stops listening for answers; local waiters answer `queued`. Leaves the command connection open. */
  async close(): Promise<void> {
    this.settleAll();
    await closeQuietly(this.#subscriber);
  }

  #receive(text: string): void {
    let published: Published;
    try {
      published = JSON.parse(text) as Published;
    } catch {
      return;
    }
    if (typeof published.key === 'string') this.handOver(published.key, published.answer ?? undefined);
  }
}
