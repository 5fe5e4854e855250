/**
 * `wasl train` as a user runs it, a child process. The success path on a store full of decisions
 * runs in test/risk/approval/learning.test.ts (the CLI beside the running gateway, --dry-run).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initDevelopment } from '../../src/security/init.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'wasl.ts');

function wasl(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (problem, stdout, stderr) => {
      resolve({ code: problem ? ((problem as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('wasl train', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-train-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('needs --from-store (usage error, 2)', async () => {
    const run = await wasl(['train'], { WASL_DATA_DIR: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--from-store is required/);
  });

  it('refuses an empty store with WASL_ERR_NOT_ENOUGH_DECISIONS (exit 1) and writes no model', async () => {
    await initDevelopment(dir);
    const run = await wasl(['train', '--from-store'], { WASL_DATA_DIR: dir, WASL_REDIS_URL: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('wasl train: WASL_ERR_NOT_ENOUGH_DECISIONS: 0 decided prior authorizations and claims in the store, at least 50 are needed to train and hold some out\n');
    expect(existsSync(join(dir, 'models'))).toBe(false);
  });
});
