/**
 * The LedgerReader's exactly-once guarantees on both real adapters (issue 11, item 7): a crash
 * between reading and applying, a lost reply to an apply that committed, two instances racing on
 * one projection, a restart resuming from the stored cursor, and follow() picking up new traffic.
 * Faults are injected by a thin wrapper that fails around the real store's apply; nothing is mocked.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_COUNTS, dailyCountsProjection } from '../../src/ledger/daily-counts.js';
import { LedgerReader } from '../../src/ledger/reader.js';
import type { GatewayStore, LedgerEntry, LedgerKind } from '../../src/store/ports.js';
import type { ApplyResult, CounterIncrements, ProjectionStore } from '../../src/store/projection-port.js';
import { ledgerBackend, type LedgerBackend, type LedgerInstance } from '../support/ledger-backends.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { answeredExchange, OTHER_PROVIDER, PROVIDER, rejectedExchange } from './traffic.js';

/** Fails the next apply before it reaches the store (the process died), or after it committed (the reply was lost). */
class FaultyProjections implements Pick<ProjectionStore, 'cursor' | 'apply'> {
  failNext: 'before-apply' | 'after-apply' | undefined;
  constructor(readonly inner: ProjectionStore) {}

  cursor(name: string): Promise<number> {
    return this.inner.cursor(name);
  }

  async apply(name: string, fromCursor: number, toCursor: number, increments: CounterIncrements): Promise<ApplyResult> {
    const fault = this.failNext;
    this.failNext = undefined;
    if (fault === 'before-apply') throw new Error('injected: crashed before applying');
    const result = await this.inner.apply(name, fromCursor, toCursor, increments);
    if (fault === 'after-apply') throw new Error('injected: the reply was lost');
    return result;
  }
}

async function allEntries(store: GatewayStore): Promise<LedgerEntry[]> {
  return store.readLedger(1, 1_000_000);
}

/** What the projection must hold: traffic entries per kind, counted straight from the ledger. */
async function ledgerKinds(store: GatewayStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entry of await allEntries(store)) if (entry.kind !== 'participant' && entry.kind !== 'key') counts[entry.kind] = (counts[entry.kind] ?? 0) + 1;
  return counts;
}

/** What the projection holds, summed per kind over every day (fields end in `|<kind>|<outcome>`). */
async function projectedKinds(projections: ProjectionStore, name = DAILY_COUNTS): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { field, count } of await projections.counters(name, { from: 'd:', to: 'd:\uffff' })) {
    const kind = field.split('|')[3] as LedgerKind;
    counts[kind] = (counts[kind] ?? 0) + count;
  }
  return counts;
}

async function traffic(store: GatewayStore, exchanges: number): Promise<void> {
  for (let i = 0; i < exchanges; i++) {
    await answeredExchange(store, i % 2 ? PROVIDER : OTHER_PROVIDER, i % 3 ? 'claim-request' : 'priorauth-request', i % 4 ? 'complete' : 'error', i % 5 ? [] : ['BV-00800']);
    if (i % 3 === 0) await rejectedExchange(store, PROVIDER, 'claim-request', ['BV-00165', 'IC-00050']);
  }
}

async function until(condition: () => Promise<boolean>, limitMs = 5_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const kind of ['embedded', 'redis'] as const) {
  describe(`ledger reader (${kind})`, () => {
    let redis: TestRedisServer | undefined;
    let backend: LedgerBackend;
    const open: LedgerInstance[] = [];
    const instance = async (): Promise<LedgerInstance> => {
      const gw = await backend.open();
      open.push(gw);
      return gw;
    };

    beforeAll(async () => {
      if (kind === 'redis') redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.stop();
    });
    // Each test on fresh state: its own LMDB directory or Redis prefix.
    afterEach(async () => {
      for (const gw of open.splice(0)) await gw.close();
      backend?.destroy();
    });
    const fresh = (): void => {
      backend = ledgerBackend(kind, () => redis);
    };

    it('a crash between reading a page and applying it loses nothing and counts nothing twice', async () => {
      fresh();
      const gw = await instance();
      await traffic(gw.store, 6);
      const faulty = new FaultyProjections(gw.projections);
      const crashed = new LedgerReader({ ledger: gw.store, projections: faulty, projection: dailyCountsProjection, pageSize: 10 });
      expect((await crashed.step()).applied).toBe(true);
      faulty.failNext = 'before-apply';
      await expect(crashed.step()).rejects.toThrow('crashed before applying');
      expect(await gw.projections.cursor(DAILY_COUNTS)).toBe(10);

      // The restarted reader resumes from the stored cursor.
      const restarted = new LedgerReader({ ledger: gw.store, projections: gw.projections, projection: dailyCountsProjection, pageSize: 10 });
      const head = (await gw.store.ledgerHead()).seq;
      expect(await restarted.catchUp()).toEqual({ cursor: head, applied: head - 10 });
      expect(await projectedKinds(gw.projections)).toEqual(await ledgerKinds(gw.store));

      // The crashed process's page, applied late with the cursor it read, is refused and writes nothing.
      const before = await gw.projections.counters(DAILY_COUNTS, { from: 'd:', to: 'r:\uffff' });
      const stalePage = await gw.store.readLedger(11, 10);
      expect(await gw.projections.apply(DAILY_COUNTS, 10, 20, dailyCountsProjection.fold(stalePage))).toEqual({ applied: false, cursor: head });
      expect(await gw.projections.counters(DAILY_COUNTS, { from: 'd:', to: 'r:\uffff' })).toEqual(before);
    });

    it('an apply that committed but whose reply was lost is not applied again', async () => {
      fresh();
      const gw = await instance();
      await traffic(gw.store, 4);
      const faulty = new FaultyProjections(gw.projections);
      const reader = new LedgerReader({ ledger: gw.store, projections: faulty, projection: dailyCountsProjection, pageSize: 8 });
      faulty.failNext = 'after-apply';
      await expect(reader.step()).rejects.toThrow('reply was lost');
      const result = await reader.catchUp();
      expect(result.cursor).toBe((await gw.store.ledgerHead()).seq);
      expect(result.applied).toBe(result.cursor - 8);
      expect(await projectedKinds(gw.projections)).toEqual(await ledgerKinds(gw.store));
    });

    it('two instances projecting one ledger while traffic arrives count every entry exactly once', async () => {
      fresh();
      const [a, b] = [await instance(), await instance()];
      const readerA = new LedgerReader({ ledger: a.store, projections: a.projections, projection: dailyCountsProjection, pageSize: 5 });
      const readerB = new LedgerReader({ ledger: b.store, projections: b.projections, projection: dailyCountsProjection, pageSize: 5 });
      let trafficDone = false;
      let appliedA = 0;
      let appliedB = 0;
      const race = async (reader: LedgerReader, add: (n: number) => void): Promise<void> => {
        while (!trafficDone) {
          add((await reader.catchUp()).applied);
          await new Promise((resolve) => setImmediate(resolve));
        }
        add((await reader.catchUp()).applied);
      };
      const racing = Promise.all([race(readerA, (n) => (appliedA += n)), race(readerB, (n) => (appliedB += n))]);
      // Over Redis the two instances also write the ledger; on LMDB one process owns the store.
      await Promise.all(kind === 'redis' ? [traffic(a.store, 15), traffic(b.store, 15)] : [traffic(a.store, 30)]);
      trafficDone = true;
      await racing;
      const head = (await a.store.ledgerHead()).seq;
      expect(appliedA + appliedB).toBe(head);
      expect(await a.projections.cursor(DAILY_COUNTS)).toBe(head);
      expect(await projectedKinds(b.projections)).toEqual(await ledgerKinds(a.store));
      // The same counts, field by field, as one reader alone over the same ledger under another name.
      const alone = { ...dailyCountsProjection, name: 'daily-counts-alone' };
      await new LedgerReader({ ledger: a.store, projections: a.projections, projection: alone }).catchUp();
      const range = { from: 'd:', to: 'r:\uffff' };
      expect(await a.projections.counters(DAILY_COUNTS, range)).toEqual(await a.projections.counters(alone.name, range));
    });

    it('resumes after a restart from the stored cursor, reading only what is new', async () => {
      fresh();
      const first = await instance();
      await traffic(first.store, 3);
      const before = await new LedgerReader({ ledger: first.store, projections: first.projections, projection: dailyCountsProjection }).catchUp();
      await first.close();
      open.splice(open.indexOf(first), 1);

      const second = await instance();
      await traffic(second.store, 2);
      const after = await new LedgerReader({ ledger: second.store, projections: second.projections, projection: dailyCountsProjection }).catchUp();
      const head = (await second.store.ledgerHead()).seq;
      expect(after).toEqual({ cursor: head, applied: head - before.cursor });
      expect(await projectedKinds(second.projections)).toEqual(await ledgerKinds(second.store));
    });

    it('follow() picks up new entries, survives a failed apply (logged, retried), and stops', async () => {
      fresh();
      const gw = await instance();
      const faulty = new FaultyProjections(gw.projections);
      const errors: string[] = [];
      const reader = new LedgerReader({ ledger: gw.store, projections: faulty, projection: dailyCountsProjection });
      const follower = reader.follow({ intervalMs: 20, log: { error: (details, message) => errors.push(`${message}: ${String((details as { err: Error }).err.message)}`) } });
      try {
        await traffic(gw.store, 2);
        await until(async () => (await gw.projections.cursor(DAILY_COUNTS)) === (await gw.store.ledgerHead()).seq);
        faulty.failNext = 'before-apply';
        await traffic(gw.store, 2);
        await until(async () => (await gw.projections.cursor(DAILY_COUNTS)) === (await gw.store.ledgerHead()).seq);
        expect(errors).toEqual(['ledger projection failed; retrying: injected: crashed before applying']);
        expect(await projectedKinds(gw.projections)).toEqual(await ledgerKinds(gw.store));
      } finally {
        await follower.stop();
      }
      // Stopped: new traffic stays unprojected.
      await traffic(gw.store, 1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(await gw.projections.cursor(DAILY_COUNTS)).toBeLessThan((await gw.store.ledgerHead()).seq);
    });

    it('follow() stops after the page in progress, not after the whole backlog', async () => {
      fresh();
      const gw = await instance();
      await traffic(gw.store, 5);
      const reader = new LedgerReader({ ledger: gw.store, projections: gw.projections, projection: dailyCountsProjection, pageSize: 1 });
      const follower = reader.follow({ intervalMs: 20, log: { error: () => undefined } });
      await follower.stop();
      const cursor = await gw.projections.cursor(DAILY_COUNTS);
      expect(cursor).toBeLessThanOrEqual(2);
      // What is left is picked up by the next reader, from that cursor.
      expect((await reader.catchUp()).applied).toBe((await gw.store.ledgerHead()).seq - cursor);
    });

    it('follow() with a long interval polls at once when woken', async () => {
      fresh();
      const gw = await instance();
      const reader = new LedgerReader({ ledger: gw.store, projections: gw.projections, projection: dailyCountsProjection });
      const follower = reader.follow({ intervalMs: 60_000, log: { error: () => undefined } });
      try {
        await traffic(gw.store, 1);
        follower.wake();
        await until(async () => (await gw.projections.cursor(DAILY_COUNTS)) === (await gw.store.ledgerHead()).seq, 2_000);
      } finally {
        await follower.stop();
      }
    });
  });
}
