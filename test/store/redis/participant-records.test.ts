/** The participant store contract on Redis (src/store/redis/participant-records.ts), restarted from its AOF in between. */
import { randomUUID } from 'node:crypto';
import { RedisStore } from '../../../src/store/redis/redis-store.js';
import type { GatewayStore } from '../../../src/store/ports.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';
import { participantStoreContract } from '../contract/participants.contract.js';
import type { StoreFactory } from '../contract/store.contract.js';

const servers = new Map<GatewayStore, { server: TestRedisServer; prefix: string }>();

const redisFactory: StoreFactory = {
  async create() {
    const server = await startRedisServer();
    const prefix = `wasl-test-${randomUUID()}:`;
    const store = await RedisStore.connect({ url: server.url, prefix });
    servers.set(store, { server, prefix });
    return store;
  },
  async reopen(store) {
    const { server, prefix } = servers.get(store)!;
    await store.close();
    await server.restart();
    const reopened = await RedisStore.connect({ url: server.url, prefix });
    servers.set(reopened, { server, prefix });
    return reopened;
  },
  async destroy(store) {
    await store.close();
    await servers.get(store)?.server.stop();
  },
};

participantStoreContract('Redis', redisFactory);
