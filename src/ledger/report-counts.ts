/**
 * The report projection (issue 15, item 1): every figure of the compliance report as a sum of
 * per-day counters, so a report over any period reads one bucket range and never a message.
 *
 * Every field starts with the exchange it is about, oriented as the request travelled:
 * `<requester>|<addressee>|<event>` (for an `accepted` or `rejected` entry its own sender,
 * recipient and event; for an `answered` first answer the request's: the answer's recipient and
 * sender and its `requestEvent`). Parts are percent-escaped as in daily-counts.
 *
 *   bucket `d:<day>`, field `<exchange>|<metric>` → count, metrics:
 *     accepted, rejected                     entries of that kind
 *     clean                                  accepted without any code (no warning either)
 *     mds, mds-ok                            priorauth/claim requests; of those, no IC-/IB- code
 *     items, sbs-items                       summed item counts of accepted priorauth/claim requests
 *     prob:<i>                               accepted requests scored in probability bucket i (0..9)
 *     answered, in-window                    first answers; of those, inside the synchronous window
 *     decision:<approved|rejected>           first answers carrying a decision
 *     prob:<i>:<approved|rejected>           decisions on requests scored in bucket i
 *   bucket `c:<day>`, field `<exchange>|<code>`    rejected entries carrying that rule code
 *   bucket `f:<day>`, field `<exchange>|<family>`  DetectedIssues of accepted requests, by FWA family
 *   bucket `a:<day>`, field `<exchange>|<reason>`  first answers carrying that adjudication reason
 *   bucket `t:<day>`, field `<exchange>|<i>`       first answers whose turnaround is in bucket i
 *                                                  of TURNAROUND_BOUNDS_MS
 * Days are the UTC day of the entry's `at` (an answer counts on the day it was answered). Entries
 * written before issue 15 lack the item, risk and answer facts and count only where they can.
 */
import { PROBABILITY_BUCKETS, TURNAROUND_BOUNDS_MS } from '../reports/report-types.js';
import type { LedgerEntry, LedgerFacts } from '../store/ports.js';
import type { CounterIncrements, ProjectionStore } from '../store/projection-port.js';
import { CounterBatch } from './counter-batch.js';
import { DayNames, part, unpart } from './daily-counts.js';
import type { Projection } from './projection.js';

export const REPORT_COUNTS = 'report-counts';

/** The events of the Council's MDS and billing-code figures. */
export const MDS_EVENTS: ReadonlySet<string> = new Set(['priorauth-request', 'claim-request']);

/** Minimum-data-set rules are the IC- (structure) and IB- (business) families of the official table. */
const MDS_CODE = /^(IC|IB)-/;

export const reportCountsProjection: Projection = {
  name: REPORT_COUNTS,
  fold(entries: readonly LedgerEntry[]): CounterIncrements {
    const batch = new CounterBatch();
    const days = new DayNames();
    for (const entry of entries) {
      if (entry.kind !== 'accepted' && entry.kind !== 'rejected' && entry.kind !== 'answered') continue;
      const facts = JSON.parse(entry.body) as LedgerFacts;
      const day = days.of(entry.at);
      if (entry.kind === 'answered') foldAnswer(batch, day, facts);
      else foldMessage(batch, day, entry.kind, facts);
    }
    return batch.increments;
  },
};

function foldMessage(batch: CounterBatch, day: string, kind: 'accepted' | 'rejected', facts: LedgerFacts): void {
  const exchange = `${part(facts.sender)}|${part(facts.recipient)}|${part(facts.event)}`;
  const d = `d:${day}`;
  const codes = facts.codes ?? [];
  batch.add(d, `${exchange}|${kind}`);
  if (kind === 'accepted' && codes.length === 0) batch.add(d, `${exchange}|clean`);
  if (facts.event !== undefined && MDS_EVENTS.has(facts.event)) {
    batch.add(d, `${exchange}|mds`);
    if (!codes.some((code) => MDS_CODE.test(code))) batch.add(d, `${exchange}|mds-ok`);
  }
  if (kind === 'rejected') {
    for (const code of codes) batch.add(`c:${day}`, `${exchange}|${part(code)}`);
    return;
  }
  if (facts.items !== undefined) batch.add(d, `${exchange}|items`, facts.items);
  if (facts.sbsItems !== undefined) batch.add(d, `${exchange}|sbs-items`, facts.sbsItems);
  if (facts.probability !== undefined) batch.add(d, `${exchange}|prob:${probabilityBucket(facts.probability)}`);
  for (const family of facts.families ?? []) batch.add(`f:${day}`, `${exchange}|${part(family)}`);
}

/** Only first answers carry `requestEvent`: a correction or an older entry is not a turnaround. */
function foldAnswer(batch: CounterBatch, day: string, facts: LedgerFacts): void {
  if (facts.requestEvent === undefined || facts.turnaroundMs === undefined) return;
  const exchange = `${part(facts.recipient)}|${part(facts.sender)}|${part(facts.requestEvent)}`;
  const d = `d:${day}`;
  batch.add(d, `${exchange}|answered`);
  if (facts.inWindow === true) batch.add(d, `${exchange}|in-window`);
  batch.add(`t:${day}`, `${exchange}|${turnaroundBucket(facts.turnaroundMs)}`);
  if (facts.decision !== undefined) {
    batch.add(d, `${exchange}|decision:${facts.decision}`);
    if (facts.probability !== undefined) batch.add(d, `${exchange}|prob:${probabilityBucket(facts.probability)}:${facts.decision}`);
  }
  for (const reason of facts.reasons ?? []) batch.add(`a:${day}`, `${exchange}|${part(reason)}`);
}

/** Index of the first bound the turnaround does not exceed; beyond the last, the last. */
export function turnaroundBucket(ms: number): number {
  const i = TURNAROUND_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? TURNAROUND_BOUNDS_MS.length - 1 : i;
}

export function probabilityBucket(p: number): number {
  return Math.min(PROBABILITY_BUCKETS - 1, Math.max(0, Math.floor(p * PROBABILITY_BUCKETS)));
}

export type ReportFamily = 'd' | 'c' | 'f' | 'a' | 't';

export interface ReportCountRow {
  readonly family: ReportFamily;
  readonly day: string;
  readonly requester: string;
  readonly addressee: string;
  readonly event: string;
  /** The metric (`d`), rule code (`c`), FWA family (`f`), reason code (`a`) or bucket index (`t`). */
  readonly key: string;
  readonly count: number;
}

/** Every counter of the period (days `YYYY-MM-DD`, both included; checked by the caller). */
export async function reportCounts(store: Pick<ProjectionStore, 'counters'>, from: string, to: string): Promise<ReportCountRow[]> {
  const families: ReportFamily[] = ['a', 'c', 'd', 'f', 't'];
  const reads = await Promise.all(families.map((family) => store.counters(REPORT_COUNTS, { from: `${family}:${from}`, to: `${family}:${to}` })));
  const rows: ReportCountRow[] = [];
  for (const [i, counters] of reads.entries()) {
    const family = families[i] as ReportFamily;
    for (const { bucket, field, count } of counters) {
      // Escapes are rare (a licence or code holding `|` or `%`): most fields skip the unescaping.
      const parts = field.split('|');
      const [requester = '', addressee = '', event = '', key = ''] = field.includes('%') ? parts.map(unpart) : parts;
      rows.push({ family, day: bucket.slice(2), requester, addressee, event, key, count });
    }
  }
  return rows;
}
