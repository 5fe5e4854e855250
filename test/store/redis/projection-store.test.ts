import { randomUUID } from 'node:crypto';
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
