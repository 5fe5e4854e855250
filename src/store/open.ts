/**
 * Chooses the storage adapters (SPEC section 10): the embedded LMDB store in `<dataDir>/store`
 * by default, or Redis when WASL_REDIS_URL is set, so many stateless gateway processes share one
 * hub. Either way the rest of the gateway sees the same three ports.
 */
import { LocalAnswerWaiters } from '../routing/waiters.js';
import { ClusterChannel } from './embedded/cluster-channel.js';
import { CLUSTER_WORKER_ENV } from './embedded/cluster-protocol.js';
import { ClusterRateCounter } from './embedded/cluster-rate-counter.js';
import { ClusterSignals } from './embedded/cluster-signals.js';
import { ClusterAnswerWaiters } from './embedded/cluster-waiters.js';
import { LmdbStore } from './embedded/lmdb-store.js';
import { LocalSignals } from './embedded/local-signals.js';
import { MemoryRateCounter } from './embedded/rate-counter.js';
import type { AnswerWaiters, GatewaySignals, GatewayStore } from './ports.js';
import { recordedAnswer } from './waited-answer.js';
import type { RateCounter } from './rate-counter.js';
import { openRedisBackend } from './redis/index.js';
import { RedisRateCounter } from './redis/rate-counter.js';

export interface StorageBackend {
  readonly kind: 'embedded' | 'redis';
  readonly store: GatewayStore;
  readonly signals: GatewaySignals;
  readonly waiters: AnswerWaiters;
  /** Request counters for rate limits: in process memory beside the embedded store, shared in Redis when scaled out. */
  readonly rateCounter: RateCounter;
  /** Closes signals, waiters and store, in that order. */
  close(): Promise<void>;
}

export async function openStorage(options: { dataDir: string; redisUrl?: string | undefined }): Promise<StorageBackend> {
  if (options.redisUrl) {
    const backend = await openRedisBackend({ url: options.redisUrl });
    return {
      kind: 'redis',
      store: backend.store,
      signals: backend.signals,
      waiters: backend.waiters,
      // The store's command connection: one round trip per counted request, closed with the store.
      rateCounter: new RedisRateCounter(backend.store.client, backend.store.keys.prefix),
      close: () => backend.close(),
    };
  }
  const store = LmdbStore.open({ dataDir: options.dataDir });
  if (process.env[CLUSTER_WORKER_ENV] === '1') {
    // One of several processes over this LMDB environment (WASL_WORKERS): what one process kept
    // in memory goes through the cluster's primary instead (store/embedded/cluster-protocol.ts).
    const channel = ClusterChannel.ofThisProcess();
    const signals = new ClusterSignals(channel);
    const waiters = new ClusterAnswerWaiters({ channel, recordedAnswer: (key) => recordedAnswer(store, key) });
    return {
      kind: 'embedded',
      store,
      signals,
      waiters,
      rateCounter: new ClusterRateCounter(channel),
      async close() {
        await signals.close();
        await waiters.close();
        await store.close();
      },
    };
  }
  const signals = new LocalSignals();
  return {
    kind: 'embedded',
    store,
    signals,
    waiters: new LocalAnswerWaiters(),
    rateCounter: new MemoryRateCounter(),
    async close() {
      await signals.close();
      await store.close();
    },
  };
}
