/**
 * The daily-counts projection over a ledger written by each real adapter (issue 11, item 7):
 * known traffic on two UTC days, projected by the LedgerReader, read back through dailyCounts
 * and ruleCodeCounts, every row checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyCounts, dailyCountsProjection, InvalidDayError, ruleCodeCounts } from '../../src/ledger/daily-counts.js';
import { LedgerReader } from '../../src/ledger/reader.js';
import { ledgerBackend, type LedgerBackend, type LedgerInstance } from '../support/ledger-backends.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { answeredExchange, deadLetteredExchange, OTHER_PROVIDER, PAYER, PROVIDER, redeliveredExchange, rejectedExchange } from './traffic.js';

const P1 = PROVIDER;
const P2 = OTHER_PROVIDER;

/** Rows in a fixed order, whatever order an adapter returns fields in. */
function sorted<T>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

for (const kind of ['embedded', 'redis'] as const) {
  describe(`daily counts (${kind})`, () => {
    let redis: TestRedisServer | undefined;
    let backend: LedgerBackend;
    let gw: LedgerInstance;

    beforeAll(async () => {
      if (kind === 'redis') redis = await startRedisServer();
      backend = ledgerBackend(kind, () => redis);
      gw = await backend.open();
      const { store } = gw;
      backend.clock.now = Date.UTC(2026, 2, 1, 23, 0);
      await answeredExchange(store, P1, 'claim-request', 'complete', ['BV-00800']);
      await answeredExchange(store, P1, 'priorauth-request', 'partial');
      await rejectedExchange(store, P1, 'claim-request', ['IC-00050', 'BV-00165']);
      await rejectedExchange(store, P2, 'claim-request', ['BV-00165']);
      // Just before midnight, then just after: the UTC day of `at` decides.
      backend.clock.now = Date.UTC(2026, 2, 1, 23, 59, 59, 990);
      await redeliveredExchange(store, backend.clock, P2, 'priorauth-request');
      await store.appendLedger('participant', { subject: P2, detail: 'suspended' });
      await rejectedExchange(store, P1, 'claim-request', ['BV-00165']);
      await deadLetteredExchange(store, backend.clock, P1, 'eligibility-request');
      const reader = new LedgerReader({ ledger: store, projections: gw.projections, projection: dailyCountsProjection, pageSize: 7 });
      const result = await reader.catchUp();
      expect(result).toEqual({ cursor: (await store.ledgerHead()).seq, applied: 24 });
    });

    afterAll(async () => {
      await gw.close();
      backend.destroy();
      await redis?.stop();
    });

    it('counts every entry by day, sender, recipient, event, kind and outcome', async () => {
      const row = (day: string, sender: string, recipient: string, event: string, kind: string, outcome: string, count = 1) => ({ day, sender, recipient, event, kind, outcome, count });
      const d1 = '2026-03-01';
      const d2 = '2026-03-02';
      expect(sorted(await dailyCounts(gw.projections, { from: d1, to: d2 }))).toEqual(
        sorted([
          row(d1, P1, PAYER, 'claim-request', 'accepted', 'queued'),
          row(d1, P1, PAYER, 'claim-request', 'delivered', ''),
          row(d1, P1, PAYER, 'claim-request', 'acknowledged', ''),
          row(d1, PAYER, P1, 'claim-response', 'answered', 'complete'),
          row(d1, PAYER, P1, 'claim-response', 'delivered', ''),
          row(d1, PAYER, P1, 'claim-response', 'acknowledged', ''),
          row(d1, P1, PAYER, 'priorauth-request', 'accepted', 'queued'),
          row(d1, P1, PAYER, 'priorauth-request', 'delivered', ''),
          row(d1, P1, PAYER, 'priorauth-request', 'acknowledged', ''),
          row(d1, PAYER, P1, 'priorauth-response', 'answered', 'partial'),
          row(d1, PAYER, P1, 'priorauth-response', 'delivered', ''),
          row(d1, PAYER, P1, 'priorauth-response', 'acknowledged', ''),
          row(d1, P1, PAYER, 'claim-request', 'rejected', 'rejected'),
          row(d1, P2, PAYER, 'claim-request', 'rejected', 'rejected'),
          // Accepted and first leased at 23:59:59.990; the redelivery 10 ms later is on the next day.
          row(d1, P2, PAYER, 'priorauth-request', 'accepted', 'queued'),
          row(d1, P2, PAYER, 'priorauth-request', 'delivered', ''),
          row(d2, P2, PAYER, 'priorauth-request', 'delivered', 'redelivery'),
          row(d2, P2, PAYER, 'priorauth-request', 'acknowledged', ''),
          row(d2, P1, PAYER, 'claim-request', 'rejected', 'rejected'),
          row(d2, P1, PAYER, 'eligibility-request', 'accepted', 'queued'),
          row(d2, P1, PAYER, 'eligibility-request', 'delivered', ''),
          row(d2, P1, PAYER, 'eligibility-request', 'dead-lettered', ''),
          row(d2, P1, PAYER, 'eligibility-request', 'replayed', ''),
        ]),
      );
    });

    it('filters by period, sender, recipient and event', async () => {
      const day2 = await dailyCounts(gw.projections, { from: '2026-03-02', to: '2026-03-02', sender: P1, event: 'claim-request' });
      expect(day2).toEqual([{ day: '2026-03-02', sender: P1, recipient: PAYER, event: 'claim-request', kind: 'rejected', outcome: 'rejected', count: 1 }]);
      const answers = await dailyCounts(gw.projections, { from: '2026-03-01', to: '2026-03-31', recipient: P1, event: 'claim-response' });
      expect(answers.map((r) => r.kind).sort()).toEqual(['acknowledged', 'answered', 'delivered']);
      expect(await dailyCounts(gw.projections, { from: '2026-02-01', to: '2026-02-28' })).toEqual([]);
    });

    it('counts rule codes per day, one per code per entry, with the kind that carried them', async () => {
      const code = (day: string, sender: string, kind: string, c: string, count = 1) => ({ day, sender, recipient: PAYER, event: 'claim-request', kind, code: c, count });
      expect(sorted(await ruleCodeCounts(gw.projections, { from: '2026-03-01', to: '2026-03-02' }))).toEqual(
        sorted([
          code('2026-03-01', P1, 'accepted', 'BV-00800'),
          code('2026-03-01', P1, 'rejected', 'BV-00165'),
          code('2026-03-01', P1, 'rejected', 'IC-00050'),
          code('2026-03-01', P2, 'rejected', 'BV-00165'),
          code('2026-03-02', P1, 'rejected', 'BV-00165'),
        ]),
      );
      const rejections = await ruleCodeCounts(gw.projections, { from: '2026-03-01', to: '2026-03-01', kind: 'rejected', sender: P1 });
      expect(rejections.map((r) => r.code).sort()).toEqual(['BV-00165', 'IC-00050']);
    });

    it('refuses a day that is not YYYY-MM-DD', async () => {
      await expect(dailyCounts(gw.projections, { from: '2026-3-1', to: '2026-03-02' })).rejects.toBeInstanceOf(InvalidDayError);
      await expect(dailyCounts(gw.projections, { from: '2026-03-01', to: 'd:2026-03-02' })).rejects.toBeInstanceOf(InvalidDayError);
    });
  });
}

describe('daily counts encoding', () => {
  it('keeps a | or % inside a fact from splitting or changing a field', () => {
    const entry = { seq: 1, at: Date.UTC(2026, 0, 1), kind: 'rejected' as const, prev: '', hash: '', body: JSON.stringify({ sender: 'a|b%7C', recipient: 'r', event: 'e', outcome: 'rejected', codes: ['X|1'] }) };
    const increments = dailyCountsProjection.fold([entry]);
    expect([...(increments.get('d:2026-01-01')?.keys() ?? [])]).toEqual(['a%7Cb%257C|r|e|rejected|rejected']);
    expect([...(increments.get('r:2026-01-01')?.keys() ?? [])]).toEqual(['a%7Cb%257C|r|e|rejected|X%7C1']);
  });
});
