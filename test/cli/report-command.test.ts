/**
 * `wasl report` as a user runs it, a child process, offline from the store a gateway wrote: the
 * same numbers as the gateway's `GET /reports/compliance`, in JSON, CSV and HTML (issue 15, item 4).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsv } from '../../src/reports/report-csv.js';
import { startTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'wasl.ts');
const TODAY = new Date().toISOString().slice(0, 10);

function wasl(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (problem, stdout, stderr) => {
      resolve({ code: problem ? ((problem as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** What differs between two reads of the same store: when, and the live queue's ages. */
function periodFigures(report: any): any {
  const { generatedAt: _at, backlog, ...rest } = report;
  return { ...rest, backlog: { ...backlog, at: undefined, recipients: backlog.recipients.map((r: any) => ({ ...r, oldestAgeMs: undefined })) } };
}

describe('wasl report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-report-'));
  const env = { WASL_DATA_DIR: dir, WASL_REDIS_URL: '', WASL_SYNC_WINDOW_MS: '2000' };
  let online: any;

  beforeAll(async () => {
    const gw = await startTestGateway({}, dir);
    const provider = await gw.client('N-F-00001');
    await provider.send(fresh(sample('5a-preauth-professional-request.json').json));
    await provider.send(fresh(sample('14a-eligibilty-request-ben-val.json').json));
    const invalid = fresh(sample('10-claim-professional-request.json').json);
    invalid.entry[1].resource.use = 'preauthorization';
    await provider.send(invalid);
    const token = await (await gw.client('REG-CHI')).token();
    const answer = await fetch(`${gw.url}/reports/compliance?from=${TODAY}&to=${TODAY}`, { headers: { authorization: `Bearer ${token}` } });
    online = await answer.json();
    await gw.stop();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--format json: the gateway\'s report, built offline from its store', async () => {
    const out = join(dir, 'report.json');
    const run = await wasl(['report', '--from', TODAY, '--to', TODAY, '--format', 'json', '--out', out], env);
    expect(run.stderr).toContain(`json written to ${out}`);
    expect(run.code).toBe(0);
    const offline = JSON.parse(readFileSync(out, 'utf8'));
    expect(online.totals.accepted).toBe(2);
    expect(online.totals.rejected).toBe(1);
    expect(periodFigures(offline)).toEqual(periodFigures(online));
  }, 60_000);

  it('--format csv to stdout: the CSV of /reports/compliance?format=csv', async () => {
    const run = await wasl(['report', '--from', TODAY, '--to', TODAY, '--format', 'csv'], env);
    expect(run.code).toBe(0);
    const header = reportCsv(online).split('\n')[0]!;
    expect(run.stdout.split('\n')[0]).toBe(header);
    expect(run.stdout).toContain('BV-00165');
  }, 60_000);

  it('--format html --lang ar: a standalone right-to-left page with the same numbers', async () => {
    const out = join(dir, 'report.html');
    const run = await wasl(['report', '--from', TODAY, '--to', TODAY, '--lang', 'ar', '--out', out], env);
    expect(run.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('data-path="totals.accepted" data-value="2"');
    expect(html).toContain('data-path="totals.rejected" data-value="1"');
    expect(html).toMatch(/data-calendar="hijri">[^<]*هـ/);
  }, 60_000);

  it('a bad period is a usage error (2) naming WASL_ERR_REPORT_QUERY', async () => {
    const run = await wasl(['report', '--from', '2026-13-01', '--to', TODAY], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^wasl report: WASL_ERR_REPORT_QUERY from: /);
  }, 60_000);
});
