/**
 * The production path (issue 10, item 3): `npm run build` output run with plain node, no tsx. The build
 * goes to a temporary folder under .tmp/ (inside the package, so data files are found from the package
 * root as they are from dist/), never to dist/.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { SAMPLES_DIR } from '../support/samples.js';

const ROOT = join(import.meta.dirname, '..', '..');
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const work = mkdtempSync(join(ROOT, '.tmp', 'built-cli-'));
const outDir = join(work, 'build');
const dataDir = join(work, 'data');
const CLI = join(outDir, 'src', 'cli', 'wasl.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (problem, stdout, stderr) => {
      resolve({ code: problem ? Number((problem as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The built CLI under plain node: no `--import tsx`. */
const wasl = (args: string[], env: Record<string, string> = {}): Promise<Run> => run(process.execPath, [CLI, ...args], { WASL_DATA_DIR: dataDir, ...env });

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}

beforeAll(async () => {
  const build = await run('npm', ['run', '-s', 'build', '--', '--outDir', outDir]);
  expect(build.stderr + build.stdout).toBe('');
  expect(build.code).toBe(0);
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the built CLI (npm run build, plain node)', () => {
  it('imports only .js modules (ESM specifiers resolve without tsx)', () => {
    const offenders = jsFiles(join(outDir, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\b(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']*)'/g)].map((m) => m[1]!).filter((s) => !s.endsWith('.js')).map((s) => `${file}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('init, token, rules --totals and validate run from the build', async () => {
    const init = await wasl(['init']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);

    const token = await wasl(['token', 'N-F-00001']);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const rules = await wasl(['rules', '--totals']);
    expect(rules.stderr).toBe('');
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/\bBV\b/);

    const validate = await wasl(['validate', join(SAMPLES_DIR, '7a-claim-dental-request.json')]);
    expect(validate.code).toBe(0);
  }, 60_000);

  it('start answers GET /healthz 200 (with a validation worker from the build) and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, 'start'], {
      cwd: ROOT,
      env: { ...process.env, WASL_DATA_DIR: dataDir, WASL_HOST: '127.0.0.1', WASL_PORT: String(port), WASL_VALIDATION_WORKERS: '1', WASL_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let running = true;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => ((running = false), resolve(code))));
    try {
      let status = 0;
      for (const deadline = Date.now() + 30_000; running && status !== 200 && Date.now() < deadline; ) {
        status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status, stderr).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
  }, 60_000);
});
