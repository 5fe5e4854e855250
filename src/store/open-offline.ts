/**
 * The store a command opens beside (or instead of) a running gateway: Redis when a URL is
 * configured, else the embedded LMDB store of the data directory (LMDB serialises writers across
 * processes, so an offline write and the gateway's never interleave inside a transaction).
 */
import { LmdbStore } from './embedded/lmdb-store.js';
import type { GatewayStore } from './ports.js';
import { RedisStore } from './redis/redis-store.js';

export async function openGatewayStore(config: { readonly dataDir: string; readonly redisUrl: string | undefined }): Promise<GatewayStore> {
  return config.redisUrl ? RedisStore.connect({ url: config.redisUrl }) : LmdbStore.open({ dataDir: config.dataDir });
}
