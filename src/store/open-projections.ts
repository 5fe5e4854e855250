/**
 * Chooses where projection state lives, as `openStorage` (open.ts) chooses the gateway store:
 * LMDB in `<dataDir>/projections` by default, or the hub's Redis when WASL_REDIS_URL is set, so
 * every instance reads and advances the same counters.
 */
import { LmdbProjectionStore } from './embedded/projection-store.js';
import type { ProjectionStore } from './projection-port.js';
import { RedisProjectionStore } from './redis/projection-store.js';
import { DEFAULT_REDIS_PREFIX } from './redis/redis-store.js';

export interface OpenProjectionsOptions {
  readonly dataDir: string;
  readonly redisUrl?: string | undefined;
  /** The hub's key prefix (the store's, so projections sit beside the ledger they follow). */
  readonly redisPrefix?: string | undefined;
}

export async function openProjections(options: OpenProjectionsOptions): Promise<ProjectionStore> {
  if (options.redisUrl) return RedisProjectionStore.connect({ url: options.redisUrl, prefix: options.redisPrefix ?? DEFAULT_REDIS_PREFIX });
  return LmdbProjectionStore.open({ dataDir: options.dataDir });
}
