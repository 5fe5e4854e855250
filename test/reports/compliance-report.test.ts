/**
 * The compliance report over a known mix driven through the real server (issue 15, items 2 to 4),
 * on both store adapters: every figure of the JSON report checked exactly, against the mix where
 * it is known in advance and against the ledger where it depends on timing or the risk model
 * (turnarounds, warnings, probabilities); and who may read what.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeOnBothStores } from '../support/both-stores.js';
import type { TestGateway } from '../support/gateway.js';
import type { ComplianceReport } from '../../src/reports/report-types.js';
import { checkReport, fetchReport } from './report-checks.js';
import { driveMix, MIX_ENV, PAYER, PROVIDER, readOracle, today, type MixResult } from './report-mix.js';

describeOnBothStores('the compliance report', MIX_ENV, (gw: TestGateway) => {
  let mix: MixResult;
  let regulator: string;
  beforeAll(async () => {
    mix = await driveMix(gw, gw);
    regulator = await (await gw.client('REG-CHI')).token();
  }, 30_000);

  it('adds up to the mix and to the ledger, figure by figure', async () => {
    const answer = await fetchReport(gw.url, '/reports/compliance', regulator, { from: today(-1), to: today(1), groupBy: 'provider' });
    expect(answer.status).toBe(200);
    checkReport(answer.json as ComplianceReport, await readOracle(gw), mix, { scope: 'sector' });
  });

  it('over a whole month (read from the month roll-ups): the same figures as over the days around today', async () => {
    const [y, m] = today().split('-').map(Number) as [number, number];
    const month = { from: `${today().slice(0, 7)}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10), groupBy: 'provider' };
    const whole = await fetchReport(gw.url, '/reports/compliance', regulator, month);
    const days = await fetchReport(gw.url, '/reports/compliance', regulator, { from: today(-1), to: today(1), groupBy: 'provider' });
    const tables = ({ period: _p, generatedAt: _g, trend: _t, backlog: _b, ...rest }: any) => rest;
    expect(tables(whole.json)).toEqual(tables(days.json));
    expect(whole.json.trend.find((d: any) => d.day === today())).toEqual(days.json.trend.find((d: any) => d.day === today()));
    checkReport({ ...whole.json, period: days.json.period, trend: days.json.trend } as ComplianceReport, await readOracle(gw), mix, { scope: 'sector' });
  });

  it("a provider's own report: its figures only; a provider cannot read the regulator's report or another's figures", async () => {
    const provider = await (await gw.client(PROVIDER)).token();
    const mine = await fetchReport(gw.url, '/reports/mine', provider, { from: today(-1), to: today(1) });
    expect(mine.status).toBe(200);
    checkReport(mine.json as ComplianceReport, await readOracle(gw), mix, { scope: 'provider' });
    // Another provider, who sent nothing: all zero, and none of N-F-00001's exchanges.
    const other = await fetchReport(gw.url, '/reports/mine', await (await gw.client('N-F-00003')).token(), { from: today(-1), to: today(1) });
    expect(other.status).toBe(200);
    expect(other.json.totals).toMatchObject({ accepted: 0, rejected: 0, detectedIssues: 0 });
    expect(other.json.rejections.topCodes).toEqual([]);
    expect(other.json.turnaround.rows).toEqual([]);
    expect(other.json.backlog.recipients).toEqual([]);
    expect(JSON.stringify(other.json)).not.toContain(PROVIDER);
    for (const licence of [PROVIDER, PAYER]) {
      const refused = await fetchReport(gw.url, '/reports/compliance', await (await gw.client(licence)).token(), { from: today(-1), to: today(1) });
      expect(refused.status).toBe(403);
      expect(refused.json.issue[0].details.coding[0].code).toBe('WASL_ERR_FORBIDDEN_ROLE');
    }
    expect((await fetchReport(gw.url, '/reports/mine', undefined, { from: today(-1), to: today(1) })).status).toBe(401);
  });

  it("a payer's own report: what it received and answered", async () => {
    const payer = await (await gw.client(PAYER)).token();
    const mine = await fetchReport(gw.url, '/reports/mine', payer, { from: today(-1), to: today(1) });
    expect(mine.status).toBe(200);
    checkReport(mine.json as ComplianceReport, await readOracle(gw), mix, { scope: 'payer' });
  });

  it('in Arabic: official displays in Arabic, the adjudication reasons (English-only list) in English', async () => {
    const ar = await fetchReport(gw.url, '/reports/compliance', regulator, { from: today(-1), to: today(1) }, 'ar');
    expect(ar.status).toBe(200);
    expect(ar.json.language).toBe('ar');
    for (const row of ar.json.rejections.topCodes) expect(row.code.display).toBe(row.code.displays.ar);
    expect(ar.json.adjudication.payers[0].reasons[0].code.display).toBe('Diagnosis is inconsistent with service/procedure');
  });

  it('as CSV: one long table, section,day,group,code,metric,value', async () => {
    const csv = await fetchReport(gw.url, '/reports/compliance', regulator, { from: today(-1), to: today(1), format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,day,group,code,metric,value');
    expect(lines).toEqual(expect.arrayContaining(['totals,,,,accepted,5', 'totals,,,,rejected,2', 'volumes,,claim-request,,accepted,3', 'adjudication,,N-I-00001,AD-1-4,answers,1', 'backlog,,N-I-00001,,deadLetters,1']));
    const json = (await fetchReport(gw.url, '/reports/compliance', regulator, { from: today(-1), to: today(1) })).json;
    for (const row of json.rejections.topCodes) expect(lines).toContain(`rejections,,,${row.code.code},messages,${row.messages}`);
    expect(lines.filter((l) => l.startsWith('trend,'))).toHaveLength(3 * lines.filter((l) => l.startsWith(`trend,${today()},`)).length);
  });

  it('a bad query: 400, one WASL_ERR_REPORT_QUERY issue per bad parameter', async () => {
    const bad = await fetchReport(gw.url, '/reports/compliance', regulator, { from: '2026-02-30', to: 'tomorrow', groupBy: 'clinic', format: 'xml' });
    expect(bad.status).toBe(400);
    expect(bad.json.issue.map((i: any) => [i.details.coding[0].code, i.expression?.[0]])).toEqual([
      ['WASL_ERR_REPORT_QUERY', 'from'],
      ['WASL_ERR_REPORT_QUERY', 'to'],
      ['WASL_ERR_REPORT_QUERY', 'groupBy'],
      ['WASL_ERR_REPORT_QUERY', 'format'],
    ]);
    const backwards = await fetchReport(gw.url, '/reports/mine', regulator, { from: '2026-03-02', to: '2026-03-01' });
    expect(backwards.status).toBe(400);
    expect(backwards.json.issue.map((i: any) => i.expression?.[0])).toEqual(['to']);
    expect((await fetchReport(gw.url, '/reports/compliance', regulator, { to: '2026-03-01' })).json.issue.map((i: any) => i.expression?.[0])).toEqual(['from']);
    expect((await fetchReport(gw.url, '/reports/compliance', regulator, { from: '2025-01-01', to: '2026-01-01' })).status).toBe(200);
    // 367 days: one too many.
    expect((await fetchReport(gw.url, '/reports/compliance', regulator, { from: '2025-01-01', to: '2026-01-02' })).status).toBe(400);
  });
});
