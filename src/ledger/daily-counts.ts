/**
 * Per-day traffic counts, the first ledger projection (issue 11, item 7); the reports (issue 15)
 * sum these rows over any period instead of scanning messages.
 *
 * Encoding (buckets sort as ISO dates, so a period is one bucket range):
 *   bucket `d:<YYYY-MM-DD>` (UTC day of the entry's `at`)
 *     field `<sender>|<recipient>|<event>|<kind>|<outcome>` → entries
 *   bucket `r:<YYYY-MM-DD>`
 *     field `<sender>|<recipient>|<event>|<kind>|<code>` → entries of that kind carrying that rule code
 * Each part has `%` and `|` percent-escaped, so a part can never split a field; a fact the entry
 * lacks is the empty string.
 *
 * `outcome` by kind: accepted, rejected and answered carry the entry's own `outcome` fact (the
 * exchange state, or the addressee's ClaimResponse.outcome when the gateway recorded one);
 * delivered is '' on a first delivery and `redelivery` after; cancelled carries cancel or nullify;
 * acknowledged, dead-lettered and replayed have none. Participant and key entries are not
 * traffic and are not counted (their cursor still moves past them).
 * Rule codes are counted for every kind that carries them (rejections above all, but also an
 * accepted message's warnings), one per code per entry: codes are de-duplicated in the ledger.
 */
import type { LedgerEntry, LedgerFacts, LedgerKind } from '../store/ports.js';
import type { CounterIncrements, ProjectionStore } from '../store/projection-port.js';
import { CounterBatch } from './counter-batch.js';
import type { Projection } from './projection.js';

export const DAILY_COUNTS = 'daily-counts';

const NOT_TRAFFIC: ReadonlySet<LedgerKind> = new Set(['participant', 'key']);
const DAY_MS = 86_400_000;

export const dailyCountsProjection: Projection = {
  name: DAILY_COUNTS,
  fold(entries: readonly LedgerEntry[]): CounterIncrements {
    const batch = new CounterBatch();
    const days = new DayNames();
    for (const entry of entries) {
      if (NOT_TRAFFIC.has(entry.kind)) continue;
      const facts = JSON.parse(entry.body) as LedgerFacts;
      const day = days.of(entry.at);
      const route = `${part(facts.sender)}|${part(facts.recipient)}|${part(facts.event)}|${entry.kind}`;
      batch.add(`d:${day}`, `${route}|${part(outcomeOf(entry, facts))}`);
      for (const code of facts.codes ?? []) batch.add(`r:${day}`, `${route}|${part(code)}`);
    }
    return batch.increments;
  },
};

function outcomeOf(entry: LedgerEntry, facts: LedgerFacts): string | undefined {
  switch (entry.kind) {
    case 'accepted':
    case 'rejected':
    case 'answered':
      return facts.outcome;
    case 'delivered':
      return (entry.n ?? 1) > 1 ? 'redelivery' : undefined;
    case 'cancelled':
      return facts.detail;
    default:
      return undefined;
  }
}

/** Formats each UTC day once per page: entries of a page almost always share one or two days. */
export class DayNames {
  #day = Number.NaN;
  #name = '';

  of(at: number): string {
    const day = Math.floor(at / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    }
    return this.#name;
  }
}

export function part(value: string | undefined): string {
  return value === undefined ? '' : value.replace(/[%|]/g, (c) => (c === '%' ? '%25' : '%7C'));
}

export function unpart(value: string): string {
  return value.replace(/%7C|%25/g, (c) => (c === '%7C' ? '|' : '%'));
}

export interface DailyCountsQuery {
  /** First UTC day, `YYYY-MM-DD`, included. */
  readonly from: string;
  /** Last UTC day, `YYYY-MM-DD`, included. */
  readonly to: string;
  readonly sender?: string;
  readonly recipient?: string;
  readonly event?: string;
}

export interface DailyCountRow {
  readonly day: string;
  /** '' when the entry had no such fact (a cancelled entry has no recipient or event). */
  readonly sender: string;
  readonly recipient: string;
  readonly event: string;
  readonly kind: LedgerKind;
  readonly outcome: string;
  readonly count: number;
}

export interface RuleCodeCountRow {
  readonly day: string;
  readonly sender: string;
  readonly recipient: string;
  readonly event: string;
  readonly kind: LedgerKind;
  readonly code: string;
  readonly count: number;
}

/** A query day that is not `YYYY-MM-DD`: the caller's mistake (a report answers 400). */
export class InvalidDayError extends Error {
  readonly code = 'WASL_ERR_INVALID_DAY';
  constructor(readonly value: string) {
    super(`${JSON.stringify(value)} is not a day (YYYY-MM-DD)`);
    this.name = 'InvalidDayError';
  }
}

type CounterReader = Pick<ProjectionStore, 'counters'>;

/** Daily counts in the period, optionally for one sender, recipient or event; ordered by day then field. */
export async function dailyCounts(store: CounterReader, query: DailyCountsQuery): Promise<DailyCountRow[]> {
  const rows: DailyCountRow[] = [];
  for (const { day, parts, count } of await read(store, 'd', query)) {
    const [sender, recipient, event, kind, outcome] = parts as [string, string, string, LedgerKind, string];
    if (matches(query, sender, recipient, event)) rows.push({ day, sender, recipient, event, kind, outcome, count });
  }
  return rows;
}

/** Rule-code counts in the period (add `kind: 'rejected'` for rejections only). */
export async function ruleCodeCounts(store: CounterReader, query: DailyCountsQuery & { readonly kind?: LedgerKind }): Promise<RuleCodeCountRow[]> {
  const rows: RuleCodeCountRow[] = [];
  for (const { day, parts, count } of await read(store, 'r', query)) {
    const [sender, recipient, event, kind, code] = parts as [string, string, string, LedgerKind, string];
    if (matches(query, sender, recipient, event) && (query.kind === undefined || query.kind === kind)) rows.push({ day, sender, recipient, event, kind, code, count });
  }
  return rows;
}

async function read(store: CounterReader, family: 'd' | 'r', query: DailyCountsQuery): Promise<{ day: string; parts: string[]; count: number }[]> {
  const range = { from: `${family}:${checkDay(query.from)}`, to: `${family}:${checkDay(query.to)}` };
  const counters = await store.counters(DAILY_COUNTS, range);
  return counters.map(({ bucket, field, count }) => ({ day: bucket.slice(2), parts: field.split('|').map(unpart), count }));
}

function matches(query: DailyCountsQuery, sender: string, recipient: string, event: string): boolean {
  return (query.sender === undefined || query.sender === sender) && (query.recipient === undefined || query.recipient === recipient) && (query.event === undefined || query.event === event);
}

function checkDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new InvalidDayError(value);
  return value;
}
