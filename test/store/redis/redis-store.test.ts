import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { sha256Hex } from '../../../src/store/ledger-chain.js';
import { SHA256_PROBE_SCRIPT } from '../../../src/store/redis/ledger-lua.js';
import { RedisStore } from '../../../src/store/redis/redis-store.js';
import type { ExchangeRecord, GatewayStore, QueueEntryInput } from '../../../src/store/ports.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';
import { ledgerContract } from '../contract/ledger.contract.js';
import { storeContract, type StoreFactory } from '../contract/store.contract.js';

/** One redis-server per contract run; each store gets its own prefix, as separate hubs would. */
function redisFactory(reopen: (server: TestRedisServer) => Promise<void>): StoreFactory {
  const servers = new Map<GatewayStore, { server: TestRedisServer; prefix: string }>();
  return {
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
      await reopen(server);
      const reopened = await RedisStore.connect({ url: server.url, prefix });
      servers.set(reopened, { server, prefix });
      return reopened;
    },
    async destroy(store) {
      await store.close();
      await servers.get(store)?.server.stop();
    },
  };
}

// Reopen = a gateway restart: a new connection to the same Redis.
storeContract('Redis', redisFactory(async () => undefined));
// Reopen after Redis itself restarted: everything comes back from the AOF.
storeContract('Redis restarted from its AOF', redisFactory((server) => server.restart()));
ledgerContract('Redis restarted from its AOF', redisFactory((server) => server.restart()));

describe('Redis Lua SHA-256', () => {
  it('equals node:crypto on empty, block-edge and long inputs', async () => {
    const server = await startRedisServer();
    const client = createClient({ url: server.url });
    await client.connect();
    try {
      for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 183, 184, 1000]) {
        const text = 'é'.repeat(length).slice(0, length) + 'x'.repeat(length % 7);
        expect(await client.eval(SHA256_PROBE_SCRIPT, { keys: [], arguments: [text] })).toBe(sha256Hex(text));
      }
    } finally {
      await client.quit();
      await server.stop();
    }
  });
});

function queuedMessage(payer: string): { record: ExchangeRecord; enqueue: QueueEntryInput } {
  const bundleId = randomUUID();
  const message = { bundleId, event: 'claim-request', body: JSON.stringify({ resourceType: 'Bundle', id: bundleId }) };
  const record: ExchangeRecord = { headerId: randomUUID(), bundleId, sender: 'prov', recipient: payer, event: message.event, contentHash: 'h', receivedAt: Date.now(), state: 'queued' };
  return { record, enqueue: { recipient: payer, sender: 'prov', message } };
}

describe('two gateway instances over one Redis', () => {
  let server: TestRedisServer;
  let a: RedisStore;
  let b: RedisStore;
  beforeAll(async () => {
    server = await startRedisServer();
    const prefix = `wasl-test-${randomUUID()}:`;
    a = await RedisStore.connect({ url: server.url, prefix });
    b = await RedisStore.connect({ url: server.url, prefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.stop();
  });

  it('a message accepted by one instance is found, refused as a copy and leased by the other', async () => {
    const payer = `payer-${randomUUID()}`;
    const { record, enqueue } = queuedMessage(payer);
    await a.accept(record, enqueue);
    expect(await b.findExchangeByBundle('prov', record.bundleId)).toEqual(record);
    await expect(b.accept(record, enqueue)).rejects.toMatchObject({ code: 'WASL_ERR_DUPLICATE_EXCHANGE' });
    expect((await b.lease(payer, { count: 5, leaseMs: 60_000 })).map((e) => e.message)).toEqual([enqueue.message]);
    expect(await a.lease(payer, { count: 5, leaseMs: 60_000 })).toEqual([]);
  });

  it('copies accepted by both at once are recorded once', async () => {
    const payer = `payer-${randomUUID()}`;
    const { record, enqueue } = queuedMessage(payer);
    const results = await Promise.allSettled([a.accept(record, enqueue), b.accept(record, enqueue), a.accept(record, enqueue), b.accept(record, enqueue)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await a.depth(payer)).toBe(1);
  });

  it('polls racing on both instances never hand out one message twice', async () => {
    const payer = `payer-${randomUUID()}`;
    const queued = Array.from({ length: 30 }, () => queuedMessage(payer));
    for (const { record, enqueue } of queued) await a.accept(record, enqueue);
    const polls = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).lease(payer, { count: 4, leaseMs: 60_000 })));
    const handedOut = polls.flat().map((e) => e.message.bundleId);
    expect(new Set(handedOut).size).toBe(handedOut.length);
    expect(handedOut.sort()).toEqual(queued.map((q) => q.record.bundleId).sort());
  });
});

describe('Redis store', () => {
  it('refuses work once closed with a coded error, and says it is not ready', async () => {
    const server = await startRedisServer();
    try {
      const store = await RedisStore.connect({ url: server.url });
      await store.close();
      expect(await store.ready()).toBe(false);
      await expect(store.ack('x', ['y'])).rejects.toMatchObject({ code: 'WASL_ERR_STORE_UNAVAILABLE' });
    } finally {
      await server.stop();
    }
  });
});
