/**
 * Redis polls do not re-read expired leases (issue 12, item 2). Before, every lease read the
 * whole range of expired leases (ZRANGEBYSCORE leases -inf now) to find the oldest, so a payer
 * coming back to thousands of expired leases paid for all of them on every poll. Now the first
 * lease after they expire moves them, once, to their stream's taken-back set ordered by seq, and
 * `leases` keeps only current leases. Checked on the keys, not timed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../../src/store/redis/redis-store.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';

const DEPTH = 2_000;

describe('Redis store: expired leases are taken back once', () => {
  let server: TestRedisServer;
  let store: RedisStore;
  let clock = 1_000_000;
  beforeAll(async () => {
    server = await startRedisServer();
    store = await RedisStore.connect({ url: server.url, prefix: `wasl-test-${randomUUID()}:`, now: () => clock });
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  async function enqueue(recipient: string, n: number, event = 'claim-request'): Promise<string[]> {
    const ids = Array.from({ length: n }, () => randomUUID());
    // One after another: queue order is the order of `ids`.
    for (const bundleId of ids) {
      const record = { headerId: randomUUID(), bundleId, sender: 'prov', recipient, event, contentHash: 'h', receivedAt: clock, state: 'queued' as const };
      await store.accept(record, { recipient, sender: 'prov', message: { bundleId, event, body: '{}' } });
    }
    return ids;
  }

  it('hands expired leases out again oldest first, and leaves only current leases in `leases`', async () => {
    const payer = `payer-${randomUUID()}`;
    const ids = await enqueue(payer, DEPTH);
    for (let taken = 0; taken < DEPTH; taken += 100) await store.lease(payer, { count: 100, leaseMs: 1_000 });
    const [fresh] = await enqueue(payer, 1, 'eligibility-request');
    clock += 2_000;
    const leases = `${store.keys.queue(payer)}leases`;
    expect(await store.client.zCount(leases, '-inf', clock)).toBe(DEPTH);

    const first = await store.lease(payer, { count: 2, leaseMs: 60_000, maxDeliveries: 5 });
    expect(first.map((e) => [e.message.bundleId, e.deliveries])).toEqual([[ids[0], 2], [ids[1], 2]]);
    // What the next poll would have re-read: nothing left, whatever the number that expired.
    expect(await store.client.zCount(leases, '-inf', clock)).toBe(0);
    expect(await store.client.zCard(leases)).toBe(2);
    expect(await store.client.zCard(`${store.keys.stream(payer, 'claim-request')}:r`)).toBe(DEPTH - 2);
    expect(await store.stats(payer)).toMatchObject({ depth: DEPTH + 1, available: DEPTH - 1, redelivered: 2 });

    // Filters still see taken-back entries in queue order, and the fresh one after them.
    const eligibility = await store.lease(payer, { count: 1, leaseMs: 60_000, include: ['eligibility-request'] });
    expect(eligibility.map((e) => e.message.bundleId)).toEqual([fresh]);
    const next = await store.lease(payer, { count: 1, leaseMs: 60_000, exclude: ['eligibility-request'] });
    expect(next.map((e) => [e.message.bundleId, e.deliveries])).toEqual([[ids[2], 2]]);

    expect(await store.ack(payer, [...ids, fresh!])).toBe(DEPTH + 1);
    expect(await store.stats(payer)).toEqual({ depth: 0, available: 0, redelivered: 0 });
    expect(await store.client.exists(`${store.keys.stream(payer, 'claim-request')}:r`)).toBe(0);
  }, 120_000);

  it('dead-letters taken-back entries past maxDeliveries and keeps looking for one to hand out', async () => {
    const payer = `payer-${randomUUID()}`;
    const ids = await enqueue(payer, 5);
    await store.lease(payer, { count: 3, leaseMs: 1_000 });
    clock += 2_000;
    const leased = await store.lease(payer, { count: 1, leaseMs: 60_000, maxDeliveries: 1 });
    expect(leased.map((e) => [e.message.bundleId, e.deliveries])).toEqual([[ids[3], 1]]);
    expect((await store.deadLetters(payer)).map((d) => d.message.bundleId).sort()).toEqual(ids.slice(0, 3).sort());
    expect(await store.stats(payer)).toMatchObject({ depth: 2, available: 1, redelivered: 0 });
  }, 60_000);
});
