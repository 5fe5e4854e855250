/**
 * The `wasl` command line run as a user runs it, a child process (`node --import tsx src/cli/wasl.ts ...`),
 * against a real gateway where it needs one (issue 10, item 8): exit 0 on success, 1 on a refused or rejected
 * message or an invalid file, 2 on a usage error; errors on stderr; `--version`; `rules | head` quiet;
 * an unreachable gateway named with its cause; `poll --out/--print/--json` and the ids `--ack` asked to remove (the gateway does not confirm which).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, useTestGateway } from '../support/gateway.js';
import { SAMPLES_DIR, sample } from '../support/samples.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'wasl.ts');
const CLAIM = join(SAMPLES_DIR, '7a-claim-dental-request.json');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function wasl(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (problem, stdout, stderr) => {
      resolve({ code: problem ? ((problem as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('wasl, without a gateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--version prints package.json\'s version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await wasl(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('a usage error exits 2 with the message on stderr', async () => {
    const run = await wasl(['send', CLAIM]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("error: required option '--as <licence>' not specified");
  });

  it('rules -f XX names the known families on stderr and exits 2, printing no table', async () => {
    const run = await wasl(['rules', '-f', 'XX']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: unknown rule family "XX" (one of: BV, DT, FR, GE, IB, IC, RE)');
  }, 60_000);

  it('rules | head: the reader closing the pipe early ends the command quietly, exit 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'rules'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // As `head -1` does: read the first chunk, then close the pipe while hundreds of KB are still to come.
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(first).toMatch(/^[A-Z]{2}-\d{5} /);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('validate on a missing file says "no such file" (not an HTTP route), on stderr too, and exits 1', async () => {
    const missing = join(dir, 'nonexistent.json');
    const run = await wasl(['validate', missing]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/nonexistent\.json: 1 error\(s\)\n\s+error\s+WASL_ERR_NOT_FOUND\s+no such file\n/);
    expect(run.stdout).not.toContain('No such route');
    expect(run.stderr).toBe(`wasl validate: ${missing}: no such file\n`);
  }, 60_000);
});

describe('wasl send and poll, against a real gateway', () => {
  const gw = useTestGateway();
  const dir = mkdtempSync(join(tmpdir(), 'wasl-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = (): Record<string, string> => ({ WASL_DATA_DIR: gw.dataDir, WASL_PORT: String(gw.config.port), WASL_HOST: '127.0.0.1', WASL_URL: gw.url });

  it('an accepted claim exits 0', async () => {
    const run = await wasl(['send', CLAIM, '--as', 'N-F-00003', '--fresh'], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^HTTP 200\n/);
  }, 60_000);

  it('a claim rejected with a 200 (ClaimResponse.outcome = error) exits 1, naming the codes on stderr', async () => {
    const broken = structuredClone(sample('7a-claim-dental-request.json').json);
    broken.entry[1].resource.use = 'preauthorization';
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const run = await wasl(['send', file, '--as', 'N-F-00003', '--fresh'], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^HTTP 200\n/);
    expect(run.stderr).toMatch(/^wasl send: .*broken\.json rejected: ClaimResponse\.outcome = error: .*BV-00165/);
  }, 60_000);

  it('HTTP 403 (the sender is not the token\'s participant) exits 1', async () => {
    const run = await wasl(['send', CLAIM, '--as', 'N-F-00001', '--fresh'], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^HTTP 403\n/);
    expect(run.stderr).toMatch(/refused \(HTTP 403\): GE-00020\n$/);
  }, 60_000);

  it('HTTP 400 (not well-formed JSON) exits 1', async () => {
    const file = join(dir, 'malformed.json');
    writeFileSync(file, '{"resourceType": "Bundle",');
    const run = await wasl(['send', file, '--as', 'N-F-00003'], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^HTTP 400\n/);
    expect(run.stderr).toMatch(/malformed\.json refused \(HTTP 400\): GE-00013\n$/);
  }, 60_000);

  it('a missing file to send is named, exit 1', async () => {
    const run = await wasl(['send', join(dir, 'nope.json'), '--as', 'N-F-00003'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`wasl send: cannot read ${join(dir, 'nope.json')}: no such file\n`);
  }, 60_000);

  it('an unreachable gateway is named with its URL and the cause, exit 1', async () => {
    const port = await freePort();
    const run = await wasl(['send', CLAIM, '--as', 'N-F-00003'], { ...env(), WASL_URL: `http://127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`wasl send: cannot reach the gateway at http://127.0.0.1:${port}/auth/token: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  }, 60_000);

  it('poll --out saves and --print prints what it fetched; --ack names the ids it asked to remove; --json', async () => {
    expect((await wasl(['send', CLAIM, '--as', 'N-F-00003', '--fresh'], env())).code).toBe(0);
    const out = join(dir, 'inbox');
    const fetched = await wasl(['poll', 'N-I-00001', '--count', '100', '--out', out, '--print'], env());
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    const ids = [...fetched.stdout.matchAll(/ {2}claim-request {2}Bundle (\S+) {2}-> (\S+)\n/g)];
    expect(ids.length).toBeGreaterThan(0);
    for (const [, id, file] of ids) {
      expect(file).toBe(join(out, `${id}.json`));
      expect(existsSync(file!)).toBe(true);
      const saved = JSON.parse(readFileSync(file!, 'utf8'));
      expect(saved).toMatchObject({ resourceType: 'Bundle', id });
      expect(fetched.stdout).toContain(JSON.stringify(saved, null, 2));
    }
    const acked = ids.map(([, id]) => id!);
    const ack = await wasl(['poll', 'N-I-00001', '--ack', ...acked], env());
    expect(ack.code).toBe(0);
    // The poll-response does not say what was removed: the CLI names exactly the ids it sent, and says so.
    expect(ack.stdout).toContain(`asked to acknowledge ${acked.length} Bundle id(s) (each removed if still queued; the gateway does not confirm which): ${acked.join(', ')}\n`);
    const help = await wasl(['poll', '--help'], env());
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('the gateway does not confirm which, so wasl prints the ids it asked for');
    const json = await wasl(['poll', 'N-I-00001', '--json', '--ack', acked[0]!], env());
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ status: 200, acknowledged: [acked[0]], messages: [] });
  }, 120_000);
});
