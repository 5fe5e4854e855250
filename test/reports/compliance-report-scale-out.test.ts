/**
 * Two gateway instances over one Redis (issue 15, item 4): the mix is sent through one and answered
 * through the other; both instances then give the same report, figure for figure, and it adds up
 * to the mix and the shared ledger (each page of the ledger is counted once, whichever instance
 * applied it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import type { ComplianceReport } from '../../src/reports/report-types.js';
import { checkReport, fetchReport } from './report-checks.js';
import { driveMix, MIX_ENV, readOracle, today, type MixResult } from './report-mix.js';

describe('the compliance report from two instances over one Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-report-scale-'));
  let redis: TestRedisServer | undefined;
  let a: TestGateway | undefined;
  let b: TestGateway | undefined;
  let mix: MixResult;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { ...MIX_ENV, WASL_REDIS_URL: redis.url };
    // One after the other: both would initialise the shared data directory at once otherwise.
    a = await startTestGateway(env, dataDir);
    b = await startTestGateway(env, dataDir);
    mix = await driveMix(a, b);
  }, 30_000);
  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('both instances answer the same figures, and they add up to the mix', async () => {
    const A = a as TestGateway;
    const B = b as TestGateway;
    const query = { from: today(-1), to: today(1), groupBy: 'provider' };
    const [fromA, fromB] = await Promise.all([
      fetchReport(A.url, '/reports/compliance', await (await A.client('REG-CHI')).token(), query),
      fetchReport(B.url, '/reports/compliance', await (await B.client('REG-CHI')).token(), query),
    ]);
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    // Only the moment of reading differs: when the report was made and the backlog's ages.
    const timeless = (report: any) => ({ ...report, generatedAt: undefined, backlog: { ...report.backlog, at: undefined, recipients: report.backlog.recipients.map((r: any) => ({ ...r, oldestAgeMs: undefined })) } });
    expect(timeless(fromB.json)).toEqual(timeless(fromA.json));
    checkReport(fromA.json as ComplianceReport, await readOracle(A), mix, { scope: 'sector' });
  });
});
