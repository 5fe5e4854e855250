/**
 * CI runs the load harness once (issue 12): `wasl bench --smoke --json` must complete and every
 * message the gateway accepted must have reached its payer. No timed assertion: the figures of a
 * 3-second run on a shared CI machine say nothing.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('wasl bench --smoke', () => {
  it('completes and every accepted message reaches its payer', { timeout: 120_000 }, async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'wasl.ts'), 'bench', '--smoke', '--json'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 110_000,
    });
    const report = JSON.parse(stdout);
    const delivery = report.gateway.delivery;
    expect(delivery.accepted).toBeGreaterThan(0);
    // The payers saw every accepted message (and maybe a few more: requests in flight when a phase
    // ended were accepted without their HTTP answer being counted).
    expect(delivery.missing).toBe(0);
    expect(delivery.reachedPayer).toBeGreaterThanOrEqual(delivery.accepted);
    expect(delivery.payerQueuesAtEnd).toBe(0);
    // Every message kind of the mix went through the gateway.
    expect(Object.values(report.pool.categories).every((n) => (n as number) > 0)).toBe(true);
    for (const target of ['echo', 'echo-raw', 'gateway']) expect(report.targets[target].responses).toBeGreaterThan(0);
  });
});
