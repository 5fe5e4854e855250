/**
 * Redis going away under a running gateway: calls fail fast with the coded error (503 +
 * Retry-After upstream) instead of hanging, the store says it is not ready, and once Redis is
 * back the same clients work again with every accepted message still queued (AOF, fsync always).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openRedisBackend, type RedisBackend } from '../../../src/store/redis/index.js';
import { StoreUnavailableError, type ExchangeRecord, type StoredMessage } from '../../../src/store/ports.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';
import { nextSignal } from '../contract/signals.contract.js';

/** Far longer than a failing call should take, so a hang fails the test instead of stalling it. */
const HANG_LIMIT_MS = 8000;

function withinLimit<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('call hung while Redis was down')), HANG_LIMIT_MS))]);
}

function message(): StoredMessage {
  const bundleId = randomUUID();
  return { bundleId, event: 'claim-request', body: JSON.stringify({ resourceType: 'Bundle', id: bundleId }) };
}

function record(msg: StoredMessage, sender: string, recipient: string): ExchangeRecord {
  return { headerId: randomUUID(), bundleId: msg.bundleId, sender, recipient, event: msg.event, contentHash: 'h', receivedAt: Date.now(), state: 'queued' };
}

describe('Redis stopped under a running gateway', () => {
  let server: TestRedisServer;
  let backend: RedisBackend;
  beforeAll(async () => {
    server = await startRedisServer();
    backend = await openRedisBackend({ url: server.url, prefix: `wasl-test-${randomUUID()}:`, commandTimeoutMs: 3000 });
  });
  afterAll(async () => {
    await backend?.close();
    await server?.stop();
  });

  it('fails fast while Redis is down and loses nothing once it is back', async () => {
    const { store } = backend;
    const payer = `payer-${randomUUID()}`;
    const accepted = [message(), message(), message()];
    for (const m of accepted) await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });

    await server.kill();
    await vi.waitFor(async () => expect(await store.ready()).toBe(false), { timeout: HANG_LIMIT_MS, interval: 20 });

    const late = message();
    const calls: Array<Promise<unknown>> = [
      store.accept(record(late, 'prov', payer), { recipient: payer, sender: 'prov', message: late }),
      store.lease(payer, { count: 10, leaseMs: 1000 }),
      store.ack(payer, [accepted[0]!.bundleId]),
      store.depth(payer),
      store.stats(payer),
      store.findExchangeByBundle('prov', accepted[0]!.bundleId),
      store.queueReport(),
      backend.waiters.claim(`prov\u0000${randomUUID()}`),
    ];
    for (const call of calls) {
      const failure = await withinLimit(call.then(() => 'succeeded', (error: unknown) => error));
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect(failure).toMatchObject({ code: 'WASL_ERR_STORE_UNAVAILABLE' });
    }
    // A provider waiting while Redis is away is answered `queued` when its window closes.
    expect(await withinLimit(backend.waiters.wait(`prov\u0000${randomUUID()}`, 50).answer)).toBeUndefined();

    await server.restart();
    await vi.waitFor(async () => expect(await store.ready()).toBe(true), { timeout: HANG_LIMIT_MS, interval: 20 });

    expect(await store.depth(payer)).toBe(3);
    const leased = await store.lease(payer, { count: 10, leaseMs: 1000 });
    expect(leased.map((e) => e.message)).toEqual(accepted);
    await store.accept(record(late, 'prov', payer), { recipient: payer, sender: 'prov', message: late });
    expect(await store.depth(payer)).toBe(4);

    // The subscriber connections came back too: signals flow again.
    await vi.waitFor(
      async () => {
        const heard = nextSignal(backend.signals, payer);
        backend.signals.queued({ recipient: payer, bundleId: late.bundleId, event: late.event });
        await withinLimit(Promise.race([heard, new Promise((_, reject) => setTimeout(() => reject(new Error('no signal yet')), 200))]));
      },
      { timeout: HANG_LIMIT_MS, interval: 50 },
    );
  });

  it('settles every call in flight when Redis dies mid-stream, and keeps every acknowledged write', async () => {
    const { store } = backend;
    const payer = `payer-${randomUUID()}`;
    const messages = Array.from({ length: 200 }, () => message());
    const writes = messages.map((m) => store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m }).then(() => m.bundleId));
    const settled = Promise.allSettled(writes);
    await writes[10];
    await server.kill();
    const outcomes = await withinLimit(settled);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(StoreUnavailableError);
    const acknowledged = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(acknowledged.length).toBeGreaterThan(10);

    await server.restart();
    await vi.waitFor(async () => expect(await store.ready()).toBe(true), { timeout: HANG_LIMIT_MS, interval: 20 });
    const queued = (await store.lease(payer, { count: 100, leaseMs: 60_000 })).concat(await store.lease(payer, { count: 100, leaseMs: 60_000 }));
    const queuedIds = new Set(queued.map((e) => e.message.bundleId));
    for (const bundleId of acknowledged) expect(queuedIds.has(bundleId)).toBe(true);
  });
});
