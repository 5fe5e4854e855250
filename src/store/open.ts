/**
 * Chooses the storage adapters (SPEC section 10): the embedded LMDB store in `<dataDir>/store`
 * by default, or Redis when WASL_REDIS_URL is set, so many stateless gateway processes share one
 * hub. Either way the rest of the gateway sees the same three ports.
 */
import { LocalAnswerWaiters } from '../routing/waiters.js';
import { LmdbStore } from './embedded/lmdb-store.js';
import { LocalSignals } from './embedded/local-signals.js';
import type { AnswerWaiters, GatewaySignals, GatewayStore } from './ports.js';
import { openRedisBackend } from './redis/index.js';

export interface StorageBackend {
  readonly kind: 'embedded' | 'redis';
  readonly store: GatewayStore;
  readonly signals: GatewaySignals;
  readonly waiters: AnswerWaiters;
  /** Closes signals, waiters and store, in that order. */
  close(): Promise<void>;
}

export async function openStorage(options: { dataDir: string; redisUrl?: string | undefined }): Promise<StorageBackend> {
  if (options.redisUrl) {
    const backend = await openRedisBackend({ url: options.redisUrl });
    return { kind: 'redis', store: backend.store, signals: backend.signals, waiters: backend.waiters, close: () => backend.close() };
  }
  const store = LmdbStore.open({ dataDir: options.dataDir });
  const signals = new LocalSignals();
  return {
    kind: 'embedded',
    store,
    signals,
    waiters: new LocalAnswerWaiters(),
    async close() {
      await signals.close();
      await store.close();
    },
  };
}
