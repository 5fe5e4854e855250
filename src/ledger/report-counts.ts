/**
 * The report projection (issue 15, item 1): every figure of the compliance report as a sum of
 * per-day counters (and their roll-ups, below), so a report reads a few bucket ranges, never a message.
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
 *
 * Each counter is also kept in three roll-ups, so a report reads few counters whatever its period:
 *   `D:`/`C:`/`F:`/`A:`/`T:<YYYY-MM>`   the same fields per month (a period's whole months)
 *   `s:<day>`, field `<family>|<event>|<key>`   per day without the participants (the sector's trend)
 *   `p:<licence>:<day>`, field `<family>|<exchange>|<key>`   per day, the exchanges of one participant
 *                                        (its requester's and its addressee's: /reports/mine reads only these)
 * Upper-case month families never fall inside a lower-case day range, and the reverse.
 */
import { PROBABILITY_BUCKETS, TURNAROUND_BOUNDS_MS } from '../reports/report-types.js';
import type { LedgerEntry, LedgerFacts } from '../store/ports.js';
import type { CounterIncrements, ProjectionStore } from '../store/projection-port.js';
import { CounterBatch } from './counter-batch.js';
import { DayNames, part, unpart } from './daily-counts.js';
import type { Projection } from './projection.js';

/** Versioned: a change of layout is a new name, so the projection is rebuilt from seq 1. */
export const REPORT_COUNTS = 'report-counts-2';

/** The events of the Council's MDS and billing-code figures. */
export const MDS_EVENTS: ReadonlySet<string> = new Set(['priorauth-request', 'claim-request']);

/** Minimum-data-set rules are the IC- (structure) and IB- (business) families of the official table. */
const MDS_CODE = /^(IC|IB)-/;

export const reportCountsProjection: Projection = {
  name: REPORT_COUNTS,
  fold(entries: readonly LedgerEntry[]): CounterIncrements {
    const counts = new RolledUpCounts();
    const days = new DayNames();
    for (const entry of entries) {
      if (entry.kind !== 'accepted' && entry.kind !== 'rejected' && entry.kind !== 'answered') continue;
      const facts = JSON.parse(entry.body) as LedgerFacts;
      const day = days.of(entry.at);
      if (entry.kind === 'answered') foldAnswer(counts, day, facts);
      else foldMessage(counts, day, entry.kind, facts);
    }
    return counts.increments;
  },
};

/** One exchange's counters on one day, written to the day bucket and every roll-up of it. */
class RolledUpCounts {
  readonly #batch = new CounterBatch();
  #requester = '';
  #addressee = '';
  #event = '';
  #exchange = '';
  #day = '';
  #month = '';

  at(day: string, requester: string | undefined, addressee: string | undefined, event: string | undefined): this {
    this.#requester = requester ?? '';
    this.#addressee = addressee ?? '';
    this.#event = part(event);
    this.#exchange = `${part(requester)}|${part(addressee)}|${this.#event}`;
    this.#day = day;
    this.#month = day.slice(0, 7);
    return this;
  }

  add(family: ReportFamily, key: string, by = 1): void {
    const field = `${this.#exchange}|${key}`;
    this.#batch.add(`${family}:${this.#day}`, field, by);
    this.#batch.add(`${family.toUpperCase()}:${this.#month}`, field, by);
    if (TREND_FAMILIES.has(family)) this.#batch.add(`s:${this.#day}`, `${family}|${this.#event}|${key}`, by);
    const own = `${family}|${field}`;
    this.#batch.add(participantBucket(this.#requester, this.#day), own, by);
    // An exchange with oneself is counted once in its own buckets.
    if (this.#addressee !== this.#requester) this.#batch.add(participantBucket(this.#addressee, this.#day), own, by);
  }

  get increments(): CounterIncrements {
    return this.#batch.increments;
  }
}

/** The families a day of the trend sums (Tally reads these; codes and reasons are tables only). */
const TREND_FAMILIES: ReadonlySet<ReportFamily> = new Set(['d', 't', 'f']);

/** Licences go into bucket names: URI-encoded, so any licence is printable ASCII without a `:`. */
function participantBucket(licence: string, day: string): string {
  return `p:${encodeURIComponent(licence).replace(/[:]/g, '%3A')}:${day}`;
}

function foldMessage(counts: RolledUpCounts, day: string, kind: 'accepted' | 'rejected', facts: LedgerFacts): void {
  const c = counts.at(day, facts.sender, facts.recipient, facts.event);
  const codes = facts.codes ?? [];
  c.add('d', kind);
  if (kind === 'accepted' && codes.length === 0) c.add('d', 'clean');
  if (facts.event !== undefined && MDS_EVENTS.has(facts.event)) {
    c.add('d', 'mds');
    if (!codes.some((code) => MDS_CODE.test(code))) c.add('d', 'mds-ok');
  }
  if (kind === 'rejected') {
    for (const code of codes) c.add('c', part(code));
    return;
  }
  if (facts.items !== undefined) c.add('d', 'items', facts.items);
  if (facts.sbsItems !== undefined) c.add('d', 'sbs-items', facts.sbsItems);
  if (facts.probability !== undefined) c.add('d', `prob:${probabilityBucket(facts.probability)}`);
  for (const family of facts.families ?? []) c.add('f', part(family));
}

/** Only first answers carry `requestEvent`: a correction or an older entry is not a turnaround. */
function foldAnswer(counts: RolledUpCounts, day: string, facts: LedgerFacts): void {
  if (facts.requestEvent === undefined || facts.turnaroundMs === undefined) return;
  const c = counts.at(day, facts.recipient, facts.sender, facts.requestEvent);
  c.add('d', 'answered');
  if (facts.inWindow === true) c.add('d', 'in-window');
  c.add('t', String(turnaroundBucket(facts.turnaroundMs)));
  if (facts.decision !== undefined) {
    c.add('d', `decision:${facts.decision}`);
    if (facts.probability !== undefined) c.add('d', `prob:${probabilityBucket(facts.probability)}:${facts.decision}`);
  }
  for (const reason of facts.reasons ?? []) c.add('a', part(reason));
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

const FAMILIES: readonly ReportFamily[] = ['a', 'c', 'd', 'f', 't'];
type CounterReader = Pick<ProjectionStore, 'counters'>;

/**
 * Every exchange's counters over the period (days `YYYY-MM-DD`, both included; checked by the
 * caller), for the sector's tables: whole months from the month roll-ups, the days at either end
 * from the day buckets. Rows of a month carry `day: ''`.
 */
export async function reportCounts(store: CounterReader, from: string, to: string): Promise<ReportCountRow[]> {
  const reads: Promise<ReportCountRow[]>[] = [];
  for (const span of monthSpans(from, to)) {
    for (const family of FAMILIES) {
      const range = span.whole ? { from: `${family.toUpperCase()}:${span.month}`, to: `${family.toUpperCase()}:${span.month}` } : { from: `${family}:${span.from}`, to: `${family}:${span.to}` };
      reads.push(store.counters(REPORT_COUNTS, range).then((counters) => counters.map(({ bucket, field, count }) => exchangeRow(family, span.whole ? '' : bucket.slice(2), field, count))));
    }
  }
  return (await Promise.all(reads)).flat();
}

/** The sector's counters per day, without participants (`requester`/`addressee` empty): the trend. */
export async function sectorDayCounts(store: CounterReader, from: string, to: string): Promise<ReportCountRow[]> {
  const counters = await store.counters(REPORT_COUNTS, { from: `s:${from}`, to: `s:${to}` });
  return counters.map(({ bucket, field, count }) => {
    const [family = 'd', event = '', key = ''] = field.split('|');
    return { family: family as ReportFamily, day: bucket.slice(2), requester: '', addressee: '', event: unpartIf(event), key: unpartIf(key), count };
  });
}

/** One participant's exchanges per day (as requester or addressee): everything its own report needs. */
export async function participantCounts(store: CounterReader, licence: string, from: string, to: string): Promise<ReportCountRow[]> {
  const prefix = participantBucket(licence, '');
  const counters = await store.counters(REPORT_COUNTS, { from: `${prefix}${from}`, to: `${prefix}${to}` });
  return counters.map(({ bucket, field, count }) => exchangeRow(field.slice(0, 1) as ReportFamily, bucket.slice(prefix.length), field.slice(2), count));
}

function exchangeRow(family: ReportFamily, day: string, field: string, count: number): ReportCountRow {
  // Escapes are rare (a licence or code holding `|` or `%`): most fields skip the unescaping.
  const parts = field.split('|');
  const [requester = '', addressee = '', event = '', key = ''] = field.includes('%') ? parts.map(unpart) : parts;
  return { family, day, requester, addressee, event, key, count };
}

function unpartIf(value: string): string {
  return value.includes('%') ? unpart(value) : value;
}

/** The period cut at month boundaries: a month inside it whole, or the days of it the period covers. */
export function monthSpans(from: string, to: string): { month: string; whole: boolean; from: string; to: string }[] {
  const spans: { month: string; whole: boolean; from: string; to: string }[] = [];
  let start = from;
  while (start <= to) {
    const [y, m] = start.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const end = last < to ? last : to;
    spans.push({ month: start.slice(0, 7), whole: start.endsWith('-01') && end === last, from: start, to: end });
    start = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  }
  return spans;
}
