/**
 * One patient's history is read with a bound (issue 14, found by the 10-minute soak of issue 12):
 * a hospital sending thousands of claims for one patient made every later claim of that patient
 * read them all on the accept path, so the gateway slowed down for everyone and its memory grew
 * (26 accepted/s and 9 GB after ten minutes of the bench's few sample patients). A lookup returns
 * at most the latest `limit` lines of the window, oldest first as before, on both adapters.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { RiskHistoryItem } from '../../src/store/risk-history.js';
import { describeOnLedgerBackends } from '../support/ledger-backends.js';

function line(patientKey: string, day: number, headerId: string): RiskHistoryItem {
  return {
    patientKey,
    day,
    service: 'http://nphies.sa/terminology/CodeSystem/services|83620-00-10',
    quantity: 1,
    net: 100,
    unitPrice: 100,
    event: 'claim-request',
    sender: 'N-F-00001',
    recipient: 'N-I-00001',
    bundleId: randomUUID(),
    headerId,
    identifier: `http://sgh.com.sa/claim|${headerId}`,
    line: 0,
  };
}

describeOnLedgerBackends("one patient's history, read with a bound", (instance) => {
  it('returns at most the latest lines of the window, oldest first', async () => {
    const { store } = instance();
    const patient = `patient:${randomUUID()}`;
    // 30 claims on days 20000..20029, one line each.
    for (let i = 0; i < 30; i += 1) {
      const headerId = randomUUID();
      const record = { headerId, bundleId: randomUUID(), sender: 'N-F-00001', recipient: 'N-I-00001', event: 'claim-request', contentHash: randomUUID(), receivedAt: Date.now(), state: 'queued' as const };
      await store.accept(record, undefined, undefined, undefined, { items: [line(patient, 20_000 + i, headerId)] });
    }
    const all = await store.patientHistory(patient, 19_000, 21_000, 1_000);
    expect(all.map((l) => l.day)).toEqual(Array.from({ length: 30 }, (_, i) => 20_000 + i));
    const latest = await store.patientHistory(patient, 19_000, 21_000, 10);
    expect(latest.map((l) => l.day)).toEqual(Array.from({ length: 10 }, (_, i) => 20_020 + i));
    // The window still bounds it: the latest 5 of days up to 20010.
    const windowed = await store.patientHistory(patient, 19_000, 20_010, 5);
    expect(windowed.map((l) => l.day)).toEqual([20_006, 20_007, 20_008, 20_009, 20_010]);
  });
});
