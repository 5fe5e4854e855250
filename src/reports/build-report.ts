/**
 * Builds the ComplianceReport (issue 15, items 2 and 3) from the report projection's counters of
 * the period (ledger/report-counts.ts) and the queue's live stats: one bucket-range read, then sums
 * in memory, so its cost follows the number of distinct (day, participants, event, metric) counters,
 * never the number of messages.
 *
 * Scope: the sector, or one participant, whose figures are the counters of exchanges it sent or
 * was sent (requester or addressee), and only its own queue: never another participant's.
 */
import { participantCounts, reportCounts, sectorDayCounts, type ReportCountRow } from '../ledger/report-counts.js';
import { buildBacklog } from './backlog.js';
import { countsByKey, type CodeOf } from './counts.js';
import { buildRisk } from './risk-figures.js';
import { daysOf } from './report-query.js';
import type {
  AdjudicationFigures,
  ComplianceReport,
  EventVolume,
  GroupRow,
  PayerDecisionRow,
  RejectionFigures,
  ReportGroupBy,
  ReportQuery,
  ReportScope,
  ReportSource,
  TurnaroundFigures,
} from './report-types.js';
import { TURNAROUND_BOUNDS_MS } from './report-types.js';
import { ratio, Tally } from './tally.js';

const TOP_CODES = 20;

export async function buildComplianceReport(source: ReportSource, query: ReportQuery, scope: ReportScope): Promise<ComplianceReport> {
  const now = source.now?.() ?? Date.now();
  const days = daysOf(query.from, query.to);
  const { rows, daily } = await countsOf(source, query, scope);
  const code = codeDisplay(source, query);
  const total = new Tally();
  for (const row of rows) total.add(row);
  const byDay = new Map(days.map((day) => [day, new Tally()]));
  for (const row of daily) byDay.get(row.day)?.add(row);
  const groupBy = query.groupBy;
  return {
    period: { from: query.from, to: query.to, days },
    generatedAt: new Date(now).toISOString(),
    scope,
    language: query.language,
    totals: total.figures(),
    volumes: { byEvent: eventVolumes(rows) },
    rejections: rejections(rows, total.rejected, code),
    mds: { overall: total.figures().mds, byEvent: perEvent(rows, (t) => t.figures().mds).map(({ event, value }) => ({ event, compliant: value })) },
    billingCodes: {
      overall: total.figures().billingCodes,
      byEvent: perEvent(rows, (t) => t.figures().billingCodes).map(({ event, value }) => ({ event, sbsItems: value })),
      systems: [...source.sbsSystems].sort(),
    },
    dataQuality: { clean: total.figures().dataQuality },
    turnaround: turnaround(rows, total, source.syncWindowMs),
    adjudication: adjudication(rows, total, code),
    backlog: await buildBacklog(source, scope, now),
    risk: buildRisk(rows, code),
    ...(groupBy ? { groupBy, groups: groups(rows, groupBy, source) } : {}),
    trend: days.map((day) => ({ day, ...(byDay.get(day) as Tally).figures() })),
  };
}

/**
 * The sector: the period's counters by exchange (whole months from the month roll-ups) and the
 * per-day roll-up for the trend. A participant: its own buckets, per day, which serve both.
 */
async function countsOf(source: ReportSource, query: ReportQuery, scope: ReportScope): Promise<{ rows: ReportCountRow[]; daily: ReportCountRow[] }> {
  if (scope.kind === 'participant') {
    const rows = await participantCounts(source.projections, scope.licence, query.from, query.to);
    return { rows, daily: rows };
  }
  const [rows, daily] = await Promise.all([reportCounts(source.projections, query.from, query.to), sectorDayCounts(source.projections, query.from, query.to)]);
  return { rows, daily };
}

function codeDisplay(source: ReportSource, query: ReportQuery): CodeOf {
  return (system, code) => {
    const en = source.displays.display(system, code, 'en');
    const ar = source.displays.display(system, code, 'ar');
    return { code, system, display: query.language === 'ar' ? ar : en, displays: { en, ar } };
  };
}

/** Rows summed into one Tally per key, ordered by key. */
function tallyBy(rows: readonly ReportCountRow[], keyOf: (row: ReportCountRow) => string | undefined): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === undefined) continue;
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = new Tally()));
    tally.add(row);
  }
  return new Map([...tallies].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function eventVolumes(rows: readonly ReportCountRow[]): EventVolume[] {
  const out: EventVolume[] = [];
  for (const [event, tally] of tallyBy(rows, (r) => r.event)) {
    if (tally.accepted + tally.rejected === 0) continue;
    const { accepted, rejected, firstPass } = tally.figures();
    out.push({ event, accepted, rejected, firstPass });
  }
  return out;
}

function perEvent<T>(rows: readonly ReportCountRow[], value: (t: Tally) => T): { event: string; value: T }[] {
  return [...tallyBy(rows, (r) => r.event)].filter(([, t]) => t.mds > 0).map(([event, t]) => ({ event, value: value(t) }));
}

function rejections(rows: readonly ReportCountRow[], rejected: number, code: CodeOf): RejectionFigures {
  const topCodes = countsByKey(rows, 'c')
    .slice(0, TOP_CODES)
    .map(([c, messages]) => ({ code: code('rule', c), messages, share: ratio(messages, rejected) }));
  return { rejected, topCodes };
}

function turnaround(rows: readonly ReportCountRow[], total: Tally, windowMs: number): TurnaroundFigures {
  const byPayerEvent = tallyBy(rows, (r) => (r.family === 't' || isAnswerMetric(r) ? `${r.addressee}|${r.event}` : undefined));
  const overall = total.figures();
  return {
    windowMs,
    boundsMs: TURNAROUND_BOUNDS_MS,
    overall: { ...overall.turnaround, inWindow: overall.inWindow },
    rows: [...byPayerEvent].map(([key, tally]) => {
      const [payer = '', event = ''] = key.split('|');
      const figures = tally.figures();
      return { payer, event, ...figures.turnaround, inWindow: figures.inWindow };
    }),
  };
}

function isAnswerMetric(row: ReportCountRow): boolean {
  return row.family === 'd' && (row.key === 'answered' || row.key === 'in-window');
}

function adjudication(rows: readonly ReportCountRow[], total: Tally, code: CodeOf): AdjudicationFigures {
  const byPayer = tallyBy(rows, (r) => (r.family === 'd' && r.key.startsWith('decision:') ? r.addressee : undefined));
  const payers: PayerDecisionRow[] = [...byPayer].map(([payer, tally]) => {
    const decided = tally.approved + tally.declined;
    const reasons = countsByKey(rows, 'a', (r) => r.addressee === payer).map(([c, answers]) => ({ code: code('adjudication-reason', c), answers }));
    return { payer, decided, approved: ratio(tally.approved, decided), rejected: ratio(tally.declined, decided), reasons };
  });
  return { priorauthsInWindow: total.figures().priorauthsInWindow, payers };
}

/** groupBy: provider = the requester, payer = the addressee (as the participants' roles say, when known), event = the request's event. */
function groups(rows: readonly ReportCountRow[], groupBy: ReportGroupBy, source: ReportSource): GroupRow[] {
  const keyOf = (row: ReportCountRow): string | undefined => {
    if (groupBy === 'event') return row.event;
    const role = groupBy;
    const { requester, addressee } = row;
    if (source.roleOf) {
      if (source.roleOf(requester) === role) return requester;
      if (source.roleOf(addressee) === role) return addressee;
      return undefined;
    }
    return role === 'provider' ? requester : addressee;
  };
  return [...tallyBy(rows, keyOf)].map(([key, tally]) => ({ key, ...tally.figures() }));
}
