/**
 * The Redis backend as the gateway composes it (SPEC section 10): one command connection shared
 * by the store and the answer waiters (so a waiter's token is written before the request it
 * waits for), and one subscriber connection each for queue signals and answers.
 */
import { recordedAnswer } from '../waited-answer.js';
import { DEFAULT_REDIS_PREFIX, RedisStore } from './redis-store.js';
import { RedisSignals } from './redis-signals.js';
import { RedisAnswerWaiters } from './redis-waiters.js';

export { RedisStore, DEFAULT_REDIS_PREFIX } from './redis-store.js';
export { RedisSignals } from './redis-signals.js';
export { RedisAnswerWaiters } from './redis-waiters.js';

export interface RedisBackendOptions {
  readonly url: string;
  readonly prefix?: string;
  readonly now?: () => number;
  /** Longest wait for one Redis reply before the call fails with StoreUnavailableError (default 5000 ms). */
  readonly commandTimeoutMs?: number;
  /** How long a provider whose request was claimed on another instance waits for that answer (default 6000 ms). */
  readonly claimGraceMs?: number;
}

export interface RedisBackend {
  readonly store: RedisStore;
  readonly signals: RedisSignals;
  readonly waiters: RedisAnswerWaiters;
  /** Closes the signals, the waiters and the store (safe to call after any of them was closed). */
  close(): Promise<void>;
}

/** Connects; rejects with StoreUnavailableError when Redis cannot be reached at start. */
export async function openRedisBackend(options: RedisBackendOptions): Promise<RedisBackend> {
  const store = await RedisStore.connect({
    url: options.url,
    prefix: options.prefix ?? DEFAULT_REDIS_PREFIX,
    ...(options.now ? { now: options.now } : {}),
    ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
  });
  let signals: RedisSignals | undefined;
  try {
    signals = await RedisSignals.open({ url: options.url, publisher: store.client, channel: store.keys.queuedChannel });
    const waiters = await RedisAnswerWaiters.open({
      url: options.url,
      client: store.client,
      keys: store.keys,
      recordedAnswer: (key) => recordedAnswer(store, key),
      ...(options.claimGraceMs !== undefined ? { graceMs: options.claimGraceMs } : {}),
    });
    const opened = signals;
    return {
      store,
      signals: opened,
      waiters,
      async close() {
        await opened.close();
        await waiters.close();
        await store.close();
      },
    };
  } catch (cause) {
    await signals?.close();
    await store.close();
    throw cause;
  }
}
