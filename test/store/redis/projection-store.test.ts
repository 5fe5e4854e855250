import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/store/ports.js';
import { closeQuietly, connectWaslClient, createWaslClient } from '../../../src/store/redis/connection.js';
import { RedisProjectionStore } from '../../../src/store/redis/projection-store.js';
import type { ProjectionStore } from '../../../src/store/projection-port.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';
import { projectionStoreContract } from '../contract/projection.contract.js';

const servers = new Map<ProjectionStore, { server: TestRedisServer; prefix: string }>();

// Reopen restarts Redis itself: cursors and counters come back from the AOF.
projectionStoreContract('Redis restarted from its AOF', {
  async create() {
    const server = await startRedisServer();
    const prefix = `wasl-test-${randomUUID()}:`;
    const store = await RedisProjectionStore.connect({ url: server.url, prefix });
    servers.set(store, { server, prefix });
    return store;
  },
  async reopen(store) {
    const { server, prefix } = servers.get(store)!;
    await store.close();
    await server.restart();
    const reopened = await RedisProjectionStore.connect({ url: server.url, prefix });
    servers.set(reopened, { server, prefix });
    return reopened;
  },
  async destroy(store) {
    await store.close();
    await servers.get(store)?.server.stop();
  },
});

describe('Redis projection store over a connection it does not own', () => {
  it('works over the given client and leaves it open when closed', async () => {
    const server = await startRedisServer();
    const client = createWaslClient({ url: server.url });
    await connectWaslClient(client);
    try {
      const store = RedisProjectionStore.over(client, 'shared:');
      expect(await store.apply('p', 0, 2, new Map([['b', new Map([['f', 3]])]]))).toEqual({ applied: true, cursor: 2 });
      await store.close();
      expect(await client.hGet('shared:projection-cursors', 'p')).toBe('2');
      await expect(store.cursor('p')).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await closeQuietly(client);
      await server.stop();
    }
  });
});
