/**
 * The README's "Onboarding a participant, with mutual TLS" works when pasted (issue 13, item 4):
 * its ```sh block is taken from README.md as it stands and run in one bash session, on a fresh data
 * directory and a free port (`127.0.0.1:8080` becomes that port; each `curl -s` that sends a message
 * also prints `HTTP <status>`). The gateway it starts in the background runs in the script's own
 * process group, which is ended when bash is done.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function section(from: RegExp): string {
  const start = README.search(from);
  expect(start, `README.md has ${String(from)}`).toBeGreaterThanOrEqual(0);
  const rest = README.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('README: Onboarding a participant, with mutual TLS', () => {
  it('runs as pasted: a new hospital with a certificate sends the official eligibility sample over mutual TLS', async () => {
    const blocks = [...section(/^## Onboarding a participant, with mutual TLS$/m).matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
    expect(blocks).toHaveLength(1);
    const port = await freePort();
    const script = blocks[0]!
      .replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`)
      .replace(/curl -s --cert/g, `curl -s -w '\\nHTTP %{http_code}\\n' --cert`);
    const dir = mkdtempSync(join(tmpdir(), 'wasl-onboarding-'));
    const outPath = join(dir, 'out');
    const out = openSync(outPath, 'w');
    const child = spawn('bash', ['-e', '-c', script], {
      cwd: ROOT,
      env: { ...process.env, WASL_DATA_DIR: join(dir, 'data'), WASL_PORT: String(port), WASL_SYNC_WINDOW_MS: '200', WASL_VALIDATION_WORKERS: '0' },
      stdio: ['ignore', out, out],
      detached: true,
    });
    try {
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', resolve);
      });
      const output = readFileSync(outPath, 'utf8');
      expect(code, output).toBe(0);
      expect(output).toMatch(/fingerprint: ([0-9A-F]{2}:){31}[0-9A-F]{2} \(registered to N-F-00077\)/);
      expect([...output.matchAll(/^HTTP (\d{3})$/gm)].map((m) => m[1]), output).toEqual(['200']);
      // The gateway's log lines share the terminal: the answer is the Bundle printed just before the status.
      const answer = output.slice(output.lastIndexOf('{"resourceType":"Bundle"', output.search(/^HTTP 200$/m)));
      expect(answer).toMatch(/^\{"resourceType":"Bundle"[^\n]*"eventCoding":\{"system":"[^"]+","code":"eligibility-response"\}/);
      expect(answer).toContain('"receiver":{"type":"Organization","identifier":{"system":"http://nphies.sa/license/provider-license","value":"N-F-00077"}}');
    } finally {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // the group has already ended
      }
      closeSync(out);
      // The gateway closes its store on SIGTERM; give it a moment before its files go.
      await new Promise((resolve) => setTimeout(resolve, 500));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
