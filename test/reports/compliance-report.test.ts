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
});
