/**
 * The README's "A session with curl" works when pasted (issue 10, "The first hour"): its ```sh
 * blocks are taken from README.md as they stand and run, in order and in one bash session (the
 * variables one block sets are used by the next), against a real gateway on a free port, with
 * WASL_PORT and WASL_DATA_DIR in the environment as the README says. Two changes are made to the
 * text, both mechanical: `127.0.0.1:8080` becomes the free port (8080 may be taken where tests
 * run), and each `curl -s` also prints `HTTP <status>` so the answers can be asserted. The
 * background `payer-sim &` runs as written; the whole process group is ended when bash is done.
 * The Subscriptions example is run the same way.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The ```sh blocks from the first line matching `from` to the next line matching `to`. */
function shBlocks(from: RegExp, to: RegExp): string[] {
  const start = README.search(from);
  expect(start, `README.md has ${String(from)}`).toBeGreaterThanOrEqual(0);
  const rest = README.slice(start + 1);
  const end = rest.search(to);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^[ \t]*```sh\n([\s\S]*?)^[ \t]*```/gm)].map((m) => m[1]!.replace(/^ {2}/gm, ''));
}

function forPort(script: string, port: number): string {
  return script.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`).replaceAll('curl -s ', `curl -s -w '\\nHTTP %{http_code}\\n' `);
}

/** Runs a script in bash (its own process group), returns everything it printed, then ends the group. */
async function bash(script: string, env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-readme-'));
  const outPath = join(dir, 'out');
  const out = openSync(outPath, 'w');
  // A file, not a pipe: the background payer-sim would hold a pipe open after bash exits.
  const child = spawn('bash', ['-e', '-c', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out], detached: true });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    const text = readFileSync(outPath, 'utf8');
    expect(code, text).toBe(0);
    return text;
  } finally {
    // Only the group this test started (payer-sim, if the script left it running).
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // the group has already ended
    }
    closeSync(out);
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README: A session with curl', () => {
  // The README's sync window (the default, 5 s), so the reference payer has time to answer the claim.
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '5000' });

  it('runs as pasted: the eligibility request is queued (GE-00012), the payer polls it, the reference payer answers a claim', async () => {
    const blocks = shBlocks(/^## A session with curl$/m, /^## /m);
    expect(blocks).toHaveLength(3);
    const port = Number(new URL(gw.url).port);
    const output = await bash(blocks.map((b) => forPort(b, port)).join('\n'), { WASL_PORT: String(port), WASL_DATA_DIR: gw.dataDir });
    // Two curls, then `wasl send` (which prints `HTTP 200` itself); `wasl poll` prints no status line.
    expect([...output.matchAll(/^HTTP (\d{3})$/gm)].map((m) => m[1]), output).toEqual(['200', '200', '200']);
    const [eligibility, poll, , claim] = output.split(/^HTTP \d{3}$/m);
    expect(eligibility).toContain('"code":"GE-00012"');
    const sample = JSON.parse(readFileSync(join(ROOT, 'examples/eligibility-request-N-F-00001.json'), 'utf8'));
    expect(poll).toMatch(new RegExp(`"id":\\s*"${sample.id}"`));
    expect(poll).not.toContain('adjudication-error');
    expect(claim).toContain('"outcome": "complete"');
  }, 120_000);
});

describe('README: the Subscriptions example', () => {
  // Its `criteria` names the default WASL_PUBLIC_URL, http://127.0.0.1:8080, and must match the
  // gateway's: this gateway is told it is that URL while it listens on a free port. Its hook is on
  // the loopback, which the README tells the operator of the local demo to allow.
  const gw = useTestGateway({ WASL_PUBLIC_URL: 'http://127.0.0.1:8080', WASL_SUBSCRIPTION_ALLOW_PRIVATE: '127.0.0.1' });

  it('subscribes: 201 with a Location', async () => {
    const blocks = shBlocks(/^- \*\*Subscriptions\*\*/m, /^- \*\*/m);
    expect(blocks).toHaveLength(1);
    const port = Number(new URL(gw.url).port);
    const output = await bash(forPort(blocks[0]!, port), { WASL_PORT: String(port), WASL_DATA_DIR: gw.dataDir });
    expect(output).toMatch(/^HTTP\/1\.1 201/m);
    expect(output).toMatch(/^location: http:\/\/127\.0\.0\.1:8080(\/fhir)?\/Subscription\/[A-Za-z0-9-.]+\r?$/m);
    expect(output).toMatch(/^HTTP 201$/m);
  }, 60_000);
});

describe('README: Managing participants', () => {
  const gw = useTestGateway();

  it('runs as pasted: a hospital added by the CLI gets a token, a push payer is onboarded, limited, and the hospital blocked and unblocked', async () => {
    const blocks = shBlocks(/^## Managing participants$/m, /^## /m);
    expect(blocks).toHaveLength(1);
    const port = Number(new URL(gw.url).port);
    const output = await bash(forPort(blocks[0]!, port), { WASL_PORT: String(port), WASL_DATA_DIR: gw.dataDir });
    expect([...output.matchAll(/^HTTP (\d{3})$/gm)].map((m) => m[1]), output).toEqual(['201', '200', '200']);
    expect(output).toMatch(/^N-F-09001: added; role provider; /m);
    expect(output).toMatch(/^N-F-09001: status blocked -> active \(ledger entry \d+\)$/m);
    expect(output).toMatch(/^N-I-09001 +payer +active +push https:\/\/payer\.example\/wasl +Gulf Insurance$/m);
    expect(gw.gateway.registry.get('N-I-09001')?.limits).toEqual({ requestsPerMinute: 600 });
  }, 120_000);
});
