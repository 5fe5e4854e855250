/**
 * A poll reads a bounded number of LMDB keys whatever the depth of the queue (issue 12, item 2).
 * Counted, not timed: the store's read probe (src/store/embedded/read-probe.ts) counts every key
 * read, and a poll of a 20,000-deep queue must read no more than a poll of a short one, plus a
 * small constant. Scanning the queue, as the store once did, reads tens of thousands.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmdbStore } from '../../../src/store/embedded/lmdb-store.js';
import type { LmdbReadProbe } from '../../../src/store/embedded/read-probe.js';

const DEPTH = 20_000;
/** What one poll (lease 1 + stats) may read beyond the same poll on a queue of one. */
const SLACK = 16;

describe('embedded LMDB store: poll cost against the backlog', () => {
  const probe: LmdbReadProbe = { reads: 0 };
  let clock = 1_000_000;
  let dir: string;
  let store: LmdbStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wasl-lmdb-cost-'));
    store = LmdbStore.open({ dataDir: dir, now: () => clock, probe });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function enqueue(recipient: string, n: number, event = 'claim-request'): Promise<string[]> {
    const ids: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < n) {
        next += 1;
        const bundleId = randomUUID();
        ids.push(bundleId);
        const record = { headerId: randomUUID(), bundleId, sender: 'prov', recipient, event, contentHash: 'h', receivedAt: clock, state: 'queued' as const };
        await store.accept(record, { recipient, sender: 'prov', message: { bundleId, event, body: '{}' } });
      }
    };
    await Promise.all(Array.from({ length: Math.min(n, 200) }, worker));
    return ids;
  }

  /** Reads of one poll as src/routing/poll.ts makes it, and what it got. */
  async function poll(recipient: string, options: { include?: string[]; exclude?: string[] } = {}) {
    probe.reads = 0;
    const leased = await store.lease(recipient, { count: 1, leaseMs: 60_000, maxDeliveries: 5, ...options });
    const stats = await store.stats(recipient);
    return { reads: probe.reads, leased: leased.map((e) => e.message.bundleId), stats };
  }

  /** A queue of one fresh message: the reference a deep queue's poll is compared with. */
  async function shallowReads(options: { include?: string[]; exclude?: string[] } = {}, event = 'claim-request'): Promise<number> {
    const recipient = `shallow-${randomUUID()}`;
    await enqueue(recipient, 1, event);
    const { reads, leased } = await poll(recipient, options);
    expect(leased).toHaveLength(1);
    return reads;
  }

  it('finds the one available message behind 20,000 leased ones, and counts them, without reading them', async () => {
    const payer = `deep-${randomUUID()}`;
    await enqueue(payer, DEPTH);
    for (let taken = 0; taken < DEPTH; taken += 100) await store.lease(payer, { count: 100, leaseMs: 60_000 });
    const [fresh] = await enqueue(payer, 1);
    const reference = await shallowReads();
    const deep = await poll(payer);
    expect(deep.leased).toEqual([fresh]);
    expect(deep.stats).toMatchObject({ depth: DEPTH + 1, available: 0, redelivered: 0 });
    expect(deep.reads).toBeLessThanOrEqual(reference + SLACK);
  }, 120_000);

  it('a filtered poll skips 20,000 messages of other events without reading them', async () => {
    const payer = `filtered-${randomUUID()}`;
    await enqueue(payer, DEPTH, 'claim-request');
    const [wanted] = await enqueue(payer, 1, 'eligibility-request');
    const reference = await shallowReads({ include: ['eligibility-request'] }, 'eligibility-request');
    const included = await poll(payer, { include: ['eligibility-request'] });
    expect(included.leased).toEqual([wanted]);
    expect(included.stats).toMatchObject({ depth: DEPTH + 1, available: DEPTH });
    expect(included.reads).toBeLessThanOrEqual(reference + SLACK);
    // Nothing left but claims: an exclude that leaves nothing reads as little.
    const excluded = await poll(payer, { exclude: ['claim-request'] });
    expect(excluded.leased).toEqual([]);
    expect(excluded.reads).toBeLessThanOrEqual(reference + SLACK);
  }, 120_000);

  it('expired leases come back in seq order, and once taken back a poll reads as little as before', async () => {
    const payer = `expired-${randomUUID()}`;
    const ids = await enqueue(payer, DEPTH);
    for (let taken = 0; taken < DEPTH; taken += 100) await store.lease(payer, { count: 100, leaseMs: 1_000 });
    clock += 2_000;
    const order = (await store.lease(payer, { count: 3, leaseMs: 60_000 })).map((e) => e.message.bundleId);
    const oldest = await store.queued(payer, order[0]!);
    expect(oldest?.deliveries).toBe(2);
    expect(await store.stats(payer)).toMatchObject({ depth: DEPTH, available: DEPTH - 3, redelivered: 3 });
    const reference = await shallowReads();
    const again = await poll(payer);
    expect(again.leased).toHaveLength(1);
    expect(order.concat(again.leased)).toEqual(sortedBySeq(ids, order.concat(again.leased)));
    expect(again.reads).toBeLessThanOrEqual(reference + SLACK);
  }, 120_000);
});

describe('embedded LMDB store written before the queue indexes', () => {
  it('builds them when it opens: leased, expired and available messages keep their places', async () => {
    let clock = 5_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'wasl-lmdb-old-'));
    const payer = 'payer-old';
    const ids: string[] = [];
    let store = LmdbStore.open({ dataDir: dir, now: () => clock });
    for (let i = 0; i < 6; i++) {
      const bundleId = `b${i}`;
      ids.push(bundleId);
      const event = i % 2 === 0 ? 'claim-request' : 'eligibility-request';
      await store.accept({ headerId: `h${i}`, bundleId, sender: 'prov', recipient: payer, event, contentHash: 'h', receivedAt: clock, state: 'queued' }, { recipient: payer, sender: 'prov', message: { bundleId, event, body: '{}' } });
    }
    await store.lease(payer, { count: 2, leaseMs: 1_000 }); // b0, b1: will expire
    await store.lease(payer, { count: 1, leaseMs: 60_000 }); // b2: still leased
    await store.close();
    // What a store of the previous version holds: the same databases without the indexes.
    const raw = open({ path: join(dir, 'store'), maxDbs: 32, compression: false });
    for (const name of ['queue-available', 'queue-available-events', 'queue-leases', 'queue-counters']) await raw.openDB({ name }).drop();
    await raw.openDB({ name: 'meta' }).remove('queue-indexes');
    await raw.close();

    clock += 2_000;
    store = LmdbStore.open({ dataDir: dir, now: () => clock });
    try {
      expect(await store.stats(payer)).toMatchObject({ depth: 6, available: 5, redelivered: 0 });
      const again = await store.lease(payer, { count: 10, leaseMs: 60_000 });
      expect(again.map((e) => [e.message.bundleId, e.deliveries])).toEqual([['b0', 2], ['b1', 2], ['b3', 1], ['b4', 1], ['b5', 1]]);
      expect(await store.stats(payer)).toMatchObject({ depth: 6, available: 0, redelivered: 2 });
      expect(await store.ack(payer, ids)).toBe(6);
      expect(await store.stats(payer)).toEqual({ depth: 0, available: 0, redelivered: 0 });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `taken` must be the first of `all` in queue order: those queued first, whatever order the workers finished in. */
function sortedBySeq(all: readonly string[], taken: readonly string[]): string[] {
  return [...taken].sort((a, b) => all.indexOf(a) - all.indexOf(b));
}
