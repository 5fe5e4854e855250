/**
 * Checks every figure of a JSON report against the known mix (report-mix.ts) and the ledger
 * oracle: counts the mix fixes in advance are literal; figures that depend on timing, warnings or
 * the risk model are computed here from the ledger's entries, one by one, without the projection.
 */
import { expect } from 'vitest';
import type { ComplianceReport } from '../../src/reports/report-types.js';
import type { LedgerFacts } from '../../src/store/ports.js';
import { expectedPercentile, PAYER, PROVIDER, rate, type LedgerOracle, type MixResult } from './report-mix.js';

export async function fetchReport(url: string, path: string, token: string | undefined, query: Record<string, string>, language?: string): Promise<{ status: number; json: any; text: string; type: string | null }> {
  const response = await fetch(`${url}${path}?${new URLSearchParams(query)}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(language ? { 'accept-language': language } : {}) },
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, type: response.headers.get('content-type') };
}

const MDS = /^(IC|IB)-/;

function countBy<T>(items: readonly T[], keys: (item: T) => readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) for (const key of keys(item)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
}

export function checkReport(report: ComplianceReport, oracle: LedgerOracle, mix: MixResult, options: { scope: 'sector' | 'provider' | 'payer' }): void {
  const { accepted, rejected, answers } = oracle;
  const sent = [...accepted, ...rejected];

  // Volumes: the mix sent 2 priorauths and 3 claims that were accepted, 2 claims refused; resends and reused ids count nowhere.
  expect(accepted.length).toBe(5);
  expect(rejected.length).toBe(2);
  expect(report.totals).toMatchObject({ accepted: 5, rejected: 2, firstPass: rate(5, 7) });
  expect(report.volumes.byEvent).toEqual([
    { event: 'claim-request', accepted: 3, rejected: 2, firstPass: rate(3, 5) },
    { event: 'priorauth-request', accepted: 2, rejected: 0, firstPass: rate(2, 2) },
  ]);

  // Rejection codes: the gateway's answers said them, the ledger recorded them, the report counts them.
  expect(rejected.map((f) => [...(f.codes ?? [])].sort()).sort()).toEqual([...mix.rejectedCodes].sort());
  expect(report.rejections.rejected).toBe(2);
  expect(report.rejections.topCodes.map((row) => [row.code.code, row.messages, row.share])).toEqual(
    countBy(rejected, (f) => f.codes ?? []).map(([code, n]) => [code, n, rate(n, 2)]),
  );
  for (const row of report.rejections.topCodes) {
    expect(row.code.system).toBe('rule');
    expect(row.code.display).toBe(row.code.displays.en);
    expect(row.code.displays.en.length).toBeGreaterThan(0);
    expect(row.code.displays.ar.length).toBeGreaterThan(0);
  }

  // MDS, billing codes, data quality: every message of the mix is a priorauth or claim request.
  const mdsOk = sent.filter((f) => !(f.codes ?? []).some((c) => MDS.test(c))).length;
  expect(report.mds.overall).toEqual(rate(mdsOk, 7));
  expect(report.totals.mds).toEqual(rate(mdsOk, 7));
  const items = accepted.reduce((n, f) => n + (f.items ?? 0), 0);
  const sbsItems = accepted.reduce((n, f) => n + (f.sbsItems ?? 0), 0);
  expect(items).toBeGreaterThan(0);
  expect(report.billingCodes.overall).toEqual(rate(sbsItems, items));
  expect(report.billingCodes.systems).toContain('http://nphies.sa/terminology/CodeSystem/procedures');
  const clean = accepted.filter((f) => (f.codes ?? []).length === 0).length;
  expect(report.dataQuality.clean).toEqual(rate(clean, 7));

  // Turnaround: three first answers (two at once, C2 after the window).
  expect(answers.length).toBe(3);
  const late = answers.filter((f) => f.requestEvent === 'claim-request');
  expect(late.map((f) => f.inWindow)).toEqual([false]);
  const turnarounds = answers.map((f) => f.turnaroundMs as number);
  const inWindow = answers.filter((f) => f.inWindow).length;
  expect(report.turnaround.overall).toEqual({
    answered: 3,
    p50: expectedPercentile(turnarounds, 0.5),
    p90: expectedPercentile(turnarounds, 0.9),
    p99: expectedPercentile(turnarounds, 0.99),
    inWindow: rate(inWindow, 3),
  });
  expect(report.turnaround.windowMs).toBe(1500);
  const rowOf = (event: string) => {
    const of = answers.filter((f) => f.requestEvent === event);
    const ms = of.map((f) => f.turnaroundMs as number);
    return { payer: PAYER, event, answered: of.length, p50: expectedPercentile(ms, 0.5), p90: expectedPercentile(ms, 0.9), p99: expectedPercentile(ms, 0.99), inWindow: rate(of.filter((f) => f.inWindow).length, of.length) };
  };
  expect(report.turnaround.rows).toEqual([rowOf('claim-request'), rowOf('priorauth-request')]);

  // Adjudication: P1 approved, P2 rejected AD-1-4 by the payer's policy, C2 approved.
  const priorauthsInWindow = answers.filter((f) => f.requestEvent === 'priorauth-request' && f.inWindow).length;
  expect(report.adjudication.priorauthsInWindow).toEqual(rate(priorauthsInWindow, 2));
  expect(report.adjudication.payers).toHaveLength(1);
  const [payer] = report.adjudication.payers;
  expect(payer).toMatchObject({ payer: PAYER, decided: 3, approved: rate(2, 3), rejected: rate(1, 3) });
  expect(payer?.reasons.map((r) => [r.code.code, r.code.system, r.answers])).toEqual([['AD-1-4', 'adjudication-reason', 1]]);
  expect(payer?.reasons[0]?.code.display).toBe('Diagnosis is inconsistent with service/procedure');

  // Backlog, live: C4 waits for the payer, C3 is its dead letter, C2's late answer waits for the provider.
  const rows = report.backlog.recipients.map(({ oldestAgeMs, ...rest }) => {
    expect(oldestAgeMs).toBeGreaterThanOrEqual(0);
    return rest;
  });
  const providerRow = { recipient: PROVIDER, queued: 1, available: 1, deadLetters: 0 };
  const payerRow = { recipient: PAYER, queued: 1, available: 1, deadLetters: 1 };
  const expectedRows = options.scope === 'sector' ? [providerRow, payerRow] : options.scope === 'provider' ? [providerRow] : [payerRow];
  expect(rows).toEqual(expectedRows);
  expect(report.backlog.queued).toBe(expectedRows.reduce((n, r) => n + r.queued, 0));
  expect(report.backlog.deadLetters).toBe(expectedRows.reduce((n, r) => n + r.deadLetters, 0));

  checkRisk(report, accepted, answers);

  // Groups (the regulator asked groupBy=provider): one provider, whose figures are the totals.
  if (options.scope === 'sector') {
    expect(report.groupBy).toBe('provider');
    expect(report.groups).toEqual([{ key: PROVIDER, ...report.totals }]);
  } else {
    expect(report.groups).toBeUndefined();
  }

  // Trend: one element per day; the days add up to the totals.
  expect(report.trend.map((d) => d.day)).toEqual(report.period.days);
  expect(report.period.days).toHaveLength(3);
  const sum = (f: (d: ComplianceReport['trend'][number]) => number): number => report.trend.reduce((n, d) => n + f(d), 0);
  expect(sum((d) => d.accepted)).toBe(5);
  expect(sum((d) => d.rejected)).toBe(2);
  expect(sum((d) => d.turnaround.answered)).toBe(3);
  expect(sum((d) => d.detectedIssues)).toBe(report.totals.detectedIssues);
  const busy = report.trend.filter((d) => d.accepted + d.rejected > 0);
  if (busy.length === 1) expect(busy[0]).toEqual({ day: busy[0]?.day, ...report.totals });
}

function checkRisk(report: ComplianceReport, accepted: readonly LedgerFacts[], answers: readonly LedgerFacts[]): void {
  const scored = accepted.filter((f) => f.probability !== undefined);
  expect(report.risk.assessed).toBe(scored.length);
  const families = countBy(accepted, (f) => f.families ?? []);
  expect(report.risk.byFamily.map((r) => [r.family.code, r.count])).toEqual(families);
  for (const row of report.risk.byFamily) expect(row.family.displays.ar).not.toBe(row.family.displays.en);
  const issues = families.reduce((n, [, c]) => n + c, 0);
  expect(report.risk.detectedIssues).toBe(issues);
  expect(report.totals.detectedIssues).toBe(issues);
  expect(report.risk.byProvider).toEqual(issues ? [{ provider: PROVIDER, count: issues }] : []);
  expect(report.risk.byPayer).toEqual(issues ? [{ payer: PAYER, count: issues }] : []);
  const bucket = (p: number): number => Math.min(9, Math.floor(p * 10));
  expect(report.risk.scores).toEqual(
    Array.from({ length: 10 }, (_, i) => ({
      from: i / 10,
      to: (i + 1) / 10,
      assessed: scored.filter((f) => bucket(f.probability as number) === i).length,
      approved: answers.filter((f) => f.probability !== undefined && bucket(f.probability) === i && f.decision === 'approved').length,
      rejected: answers.filter((f) => f.probability !== undefined && bucket(f.probability) === i && f.decision === 'rejected').length,
    })),
  );
}
