/**
 * The report counters survive a restart (issue 15, item 1): the projection's cursor is stored with
 * its counters, so a gateway started again on the same data directory resumes from it, counting
 * nothing twice and missing nothing written while it was down (here: written before, read after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_COUNTS } from '../../src/ledger/report-counts.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';
import { fetchReport } from './report-checks.js';
import { today } from './report-mix.js';

describe('report counters across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-report-restart-'));
  let gw: TestGateway | undefined;
  afterAll(async () => {
    await gw?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function regulatorReport(g: TestGateway): Promise<any> {
    const answer = await fetchReport(g.url, '/reports/compliance', await (await g.client('REG-CHI')).token(), { from: today(-1), to: today(1) });
    expect(answer.status).toBe(200);
    return answer.json;
  }

  it('resume from the stored cursor: the same figures, then the new traffic added once', async () => {
    gw = await startTestGateway({ WASL_SYNC_WINDOW_MS: '50' }, dataDir);
    const provider = await gw.client('N-F-00001');
    await provider.send(fresh(sample('10-claim-professional-request.json').json));
    const broken = fresh(sample('10-claim-professional-request.json').json);
    broken.entry.find((e: any) => e.resource.resourceType === 'Claim').resource.use = 'bogus';
    await provider.send(broken);
    const before = await regulatorReport(gw);
    expect(before.totals).toMatchObject({ accepted: 1, rejected: 1 });
    await gw.stop();

    gw = await startTestGateway({ WASL_SYNC_WINDOW_MS: '50' }, dataDir);
    const after = await regulatorReport(gw);
    const timeless = (r: any) => ({ ...r, generatedAt: undefined, backlog: { ...r.backlog, at: undefined, recipients: r.backlog.recipients.map((x: any) => ({ ...x, oldestAgeMs: undefined })) } });
    expect(timeless(after)).toEqual(timeless(before));
    expect(await gw.gateway.projections.cursor(REPORT_COUNTS)).toBe((await gw.gateway.store.ledgerHead()).seq);

    await (await gw.client('N-F-00001')).send(fresh(sample('10-claim-professional-request.json').json));
    expect((await regulatorReport(gw)).totals).toMatchObject({ accepted: 2, rejected: 1 });
  });
});
