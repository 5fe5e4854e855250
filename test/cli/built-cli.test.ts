/**
 * The production path (issue 10, item 3): `npm run build` output run with plain node, no tsx, in a copy
 * laid out as the Docker image is. The build runs in a folder holding only what the Dockerfile's build
 * stage copies (package.json, tsconfig*.json, src/), then schemas/, profiles/, examples/ and bin/ are
 * added as the final stage does: no test/ anywhere in the package, so `wasl rules` must name its tests
 * from the precomputed schemas/rules/rule-tests.json. The copy sits under .tmp/ inside the checkout so
 * node_modules resolves from the checkout's; the checkout's own files and dist/ are never written.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';
import { SAMPLES_DIR } from '../support/samples.js';

const ROOT = join(import.meta.dirname, '..', '..');
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const work = mkdtempSync(join(ROOT, '.tmp', 'built-cli-'));
/** The image's /app: the package root the built code finds (it holds package.json). */
const app = join(work, 'app');
const dataDir = join(work, 'data');
const CLI = join(app, 'dist', 'src', 'cli', 'wasl.js');

/** Copies checkout paths into the image copy, as the Dockerfile's COPY lines do. */
function copyIn(...paths: string[]): void {
  for (const path of paths) cpSync(join(ROOT, path), join(app, path), { recursive: true });
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: app, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (problem, stdout, stderr) => {
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
  // The build stage: no test/ and no schemas/, so the rule-tests generator has nothing to do.
  mkdirSync(app);
  copyIn('package.json', 'tsconfig.json', 'tsconfig.build.json', 'src');
  const build = await run('npm', ['run', '-s', 'build']);
  expect(build.stderr + build.stdout).toBe('');
  expect(build.code).toBe(0);
  // The final stage's data files.
  copyIn('schemas', 'profiles', 'examples', 'bin');
}, 90_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the built CLI (npm run build, plain node)', () => {
  it('imports only .js modules (ESM specifiers resolve without tsx)', () => {
    const offenders = jsFiles(join(app, 'dist', 'src')).flatMap((file) =>
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

    // No test/ in the image, yet each rule names the tests the committed index lists for it.
    expect(existsSync(join(app, 'test'))).toBe(false);
    const listed = await wasl(['rules', '--json']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const index = (JSON.parse(readFileSync(join(app, 'schemas', 'rules', 'rule-tests.json'), 'utf8')) as { tests: Record<string, string[]> }).tests;
    const report = (JSON.parse(listed.stdout) as { rules: { id: string; status: string; tests: string[] }[] }).rules;
    const enforced = report.filter((r) => r.status === 'enforced');
    expect(enforced.length).toBeGreaterThan(0);
    for (const rule of enforced) expect(rule.tests, rule.id).toEqual(index[rule.id] ?? []);
    expect(enforced.filter((r) => r.tests.length > 0).length).toBeGreaterThan(0);

    const validate = await wasl(['validate', join(SAMPLES_DIR, '7a-claim-dental-request.json')]);
    expect(validate.code).toBe(0);
  }, 60_000);

  it('start answers GET /healthz 200 (with a validation worker from the build), send and poll talk to it, and it stops on SIGTERM', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [CLI, 'start'], {
      cwd: app,
      // A short synchronous window: nobody answers for the payer, so the gateway's own answer comes at once.
      env: { ...process.env, WASL_DATA_DIR: dataDir, WASL_HOST: '127.0.0.1', WASL_PORT: String(port), WASL_VALIDATION_WORKERS: '1', WASL_LOG_LEVEL: 'warn', WASL_SYNC_WINDOW_MS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let running = true;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => ((running = false), resolve(code))));
    try {
      let status = 0;
      for (const deadline = Date.now() + 30_000; running && status !== 200 && Date.now() < deadline; ) {
        status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(status, stderr).toBe(200);

      // README "A session with curl", through the built CLI: the eligibility example, no payer answering, so
      // after the window the gateway answers itself with GE-00012 (outcome error: wasl send exits 1).
      const example = 'examples/eligibility-request-N-F-00001.json';
      const bundleId = (JSON.parse(readFileSync(join(app, example), 'utf8')) as { id: string }).id;
      const sent = await wasl(['send', example, '--as', 'N-F-00001', '--url', url]);
      expect(sent.stdout, sent.stderr).toMatch(/^HTTP 200\n/);
      const answer = JSON.parse(sent.stdout.slice(sent.stdout.indexOf('\n') + 1)) as { entry: { resource: Record<string, any> }[] };
      expect(answer.entry[0]?.resource.eventCoding.code).toBe('eligibility-response');
      expect(sent.stdout).toContain('"GE-00012"');
      expect(sent.stderr).toBe(`wasl send: ${example} rejected: CoverageEligibilityResponse.outcome = error: GE-00012\n`);
      expect(sent.code).toBe(1);

      // The request waits in the payer's queue: the payer's poll gets it, byte for byte.
      const polled = await wasl(['poll', 'N-I-00001', '--url', url, '--json', '--print']);
      expect(polled.stderr).toBe('');
      expect(polled.code).toBe(0);
      const got = JSON.parse(polled.stdout) as { status: number; messages: { bundleId: string; event: string; bundle: unknown }[] };
      expect(got.status).toBe(200);
      expect(got.messages.map((m) => [m.event, m.bundleId])).toEqual([['eligibility-request', bundleId]]);
      expect(got.messages[0]?.bundle).toEqual(JSON.parse(readFileSync(join(app, example), 'utf8')));

      const acked = await wasl(['poll', 'N-I-00001', '--url', url, '--ack', bundleId]);
      expect(acked.stderr).toBe('');
      expect(acked.code).toBe(0);
      expect(acked.stdout).toBe(`asked to acknowledge 1 Bundle id(s) (each removed if still queued; the gateway does not confirm which): ${bundleId}\nHTTP 200: 0 message(s)\n`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
  }, 90_000);
});
