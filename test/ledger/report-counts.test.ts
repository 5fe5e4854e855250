/**
 * The report projection's fold (issue 15, item 1): which counters one entry adds, from the facts
 * the writers record; the end-to-end figures are checked in test/reports/.
 */
import { describe, expect, it } from 'vitest';
import { monthSpans, probabilityBucket, reportCountsProjection, turnaroundBucket } from '../../src/ledger/report-counts.js';
import { encodeFacts } from '../../src/store/ledger-chain.js';
import type { LedgerEntry, LedgerFacts, LedgerKind } from '../../src/store/ports.js';

const AT = Date.UTC(2026, 2, 1, 10);
let seq = 0;
function entry(kind: LedgerKind, facts: LedgerFacts, at = AT): LedgerEntry {
  seq += 1;
  return { seq, at, kind, prev: '', hash: '', body: encodeFacts(facts) };
}

/** The day buckets by exchange (the roll-ups of the same counts are checked on their own below). */
function fold(...entries: LedgerEntry[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [bucket, fields] of reportCountsProjection.fold(entries)) if (/^[acdft]:\d/.test(bucket)) out[bucket] = Object.fromEntries(fields);
  return out;
}

const request = { sender: 'N-F-00001', recipient: 'N-I-00001', event: 'claim-request' };
const X = 'N-F-00001|N-I-00001|claim-request';

describe('the report projection', () => {
  it('an accepted claim: volume, MDS, items, risk; a warning keeps it out of clean', () => {
    expect(fold(entry('accepted', { ...request, outcome: 'queued', items: 3, sbsItems: 2, families: ['duplicate-exact'], probability: 0.73 }))).toEqual({
      'd:2026-03-01': { [`${X}|accepted`]: 1, [`${X}|clean`]: 1, [`${X}|mds`]: 1, [`${X}|mds-ok`]: 1, [`${X}|items`]: 3, [`${X}|sbs-items`]: 2, [`${X}|prob:7`]: 1 },
      'f:2026-03-01': { [`${X}|duplicate-exact`]: 1 },
    });
    expect(fold(entry('accepted', { ...request, outcome: 'queued', codes: ['BV-00800'] }))['d:2026-03-01']).toEqual({ [`${X}|accepted`]: 1, [`${X}|mds`]: 1, [`${X}|mds-ok`]: 1 });
  });

  it('a rejection: its codes, and MDS only without an IC- or IB- code', () => {
    expect(fold(entry('rejected', { ...request, outcome: 'rejected', codes: ['BV-00165', 'IC-00050'] }))).toEqual({
      'd:2026-03-01': { [`${X}|rejected`]: 1, [`${X}|mds`]: 1 },
      'c:2026-03-01': { [`${X}|BV-00165`]: 1, [`${X}|IC-00050`]: 1 },
    });
  });

  it('a first answer counts for its request (requester | addressee | request event) on the day it was answered; a correction or an old entry not at all', () => {
    const answer = { sender: 'N-I-00001', recipient: 'N-F-00001', event: 'claim-response' };
    expect(fold(entry('answered', { ...answer, requestEvent: 'claim-request', turnaroundMs: 1200, inWindow: true, decision: 'rejected', reasons: ['AD-1-4'], probability: 0.2 }, Date.UTC(2026, 2, 2)))).toEqual({
      'd:2026-03-02': { [`${X}|answered`]: 1, [`${X}|in-window`]: 1, [`${X}|decision:rejected`]: 1, [`${X}|prob:2:rejected`]: 1 },
      't:2026-03-02': { [`${X}|7`]: 1 },
      'a:2026-03-02': { [`${X}|AD-1-4`]: 1 },
    });
    expect(fold(entry('answered', { ...answer, outcome: 'complete' }))).toEqual({});
    expect(fold(entry('delivered', request), entry('participant', { subject: 'N-F-00001' }))).toEqual({});
  });

  it('buckets: turnaround by the first bound not exceeded, the last one beyond; probability in tenths', () => {
    expect([0, 10, 11, 1500, 2000, 2001, 9e12].map(turnaroundBucket)).toEqual([0, 0, 1, 7, 7, 8, 23]);
    expect([0, 0.0999, 0.1, 0.95, 1].map(probabilityBucket)).toEqual([0, 0, 1, 9, 9]);
  });

  it('rolls each counter up by month, by day without participants, and per participant', () => {
    const all: Record<string, Record<string, number>> = {};
    for (const [bucket, fields] of reportCountsProjection.fold([entry('rejected', { ...request, outcome: 'rejected', codes: ['BV-00165'] })])) all[bucket] = Object.fromEntries(fields);
    expect(all).toEqual({
      'd:2026-03-01': { [`${X}|rejected`]: 1, [`${X}|mds`]: 1, [`${X}|mds-ok`]: 1 },
      'D:2026-03': { [`${X}|rejected`]: 1, [`${X}|mds`]: 1, [`${X}|mds-ok`]: 1 },
      'c:2026-03-01': { [`${X}|BV-00165`]: 1 },
      'C:2026-03': { [`${X}|BV-00165`]: 1 },
      's:2026-03-01': { 'd|claim-request|rejected': 1, 'd|claim-request|mds': 1, 'd|claim-request|mds-ok': 1 },
      'p:N-F-00001:2026-03-01': { [`d|${X}|rejected`]: 1, [`d|${X}|mds`]: 1, [`d|${X}|mds-ok`]: 1, [`c|${X}|BV-00165`]: 1 },
      'p:N-I-00001:2026-03-01': { [`d|${X}|rejected`]: 1, [`d|${X}|mds`]: 1, [`d|${X}|mds-ok`]: 1, [`c|${X}|BV-00165`]: 1 },
    });
  });

  it('cuts a period at month boundaries: whole months read from their roll-up, the ends by day', () => {
    expect(monthSpans('2026-01-15', '2026-03-31')).toEqual([
      { month: '2026-01', whole: false, from: '2026-01-15', to: '2026-01-31' },
      { month: '2026-02', whole: true, from: '2026-02-01', to: '2026-02-28' },
      { month: '2026-03', whole: true, from: '2026-03-01', to: '2026-03-31' },
    ]);
    expect(monthSpans('2026-12-01', '2027-01-02').map((s) => [s.month, s.whole])).toEqual([['2026-12', true], ['2027-01', false]]);
  });
});
