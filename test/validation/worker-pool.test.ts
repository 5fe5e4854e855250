/**
 * The validation worker pool (issue 9, hardening: "validation in a worker pool so /healthz, polls and
 * other participants keep moving"): the same findings as the main thread, an event loop that keeps
 * ticking while a worst-case message is validated, a crashed worker that fails one job only, and a
 * close that leaves nothing waiting. Pool mechanics (crash, start failure, close) run on small fixture
 * workers written here, which speak the pool's protocol without compiling a pipeline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { readEnvelope } from '../../src/fhir/message.js';
import type { Finding } from '../../src/findings/finding.js';
import { buildValidation } from '../../src/validation/build.js';
import { createValidationPool, ValidationPoolError, workerEntry, type ValidationPool } from '../../src/validation/worker-pool.js';
import { largestCostlyClaim, manifest, sample, SAMPLES_DIR } from '../support/samples.js';

const { schemasDir, profilesDir } = loadConfig({});
const build = { schemasDir, profilesDir };
const { validator, events } = buildValidation(build);

/** What the main thread finds: the reference the pool must equal. */
function mainThreadFindings(raw: string): { findings: Finding[]; event: string } {
  const read = readEnvelope(JSON.parse(raw));
  if (!read.ok) throw new Error(`not a message: ${read.problem.code}`);
  const event = events.get(read.envelope.event);
  if (!event) throw new Error(`unknown event ${read.envelope.event}`);
  return { findings: validator.validate(read.envelope, event), event: event.code };
}

const claimOf = (bundle: any): any => bundle.entry.find((e: any) => e.resource.resourceType === 'Claim').resource;

/** Runs `work` while a 5 ms interval ticks on this thread; the largest gap between ticks shows how long the loop was held. */
async function withTicks<T>(work: () => Promise<T> | T): Promise<{ result: T; elapsedMs: number; maxGapMs: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const result = await work();
    const elapsedMs = performance.now() - started;
    // The gap up to the end of the work counts too (a synchronous job gives no tick until it returns).
    await new Promise((resolve) => setImmediate(resolve));
    maxGapMs = Math.max(maxGapMs, performance.now() - last);
    return { result, elapsedMs, maxGapMs };
  } finally {
    clearInterval(ticker);
  }
}

describe('validation pool with the real worker (validation-worker.ts)', () => {
  let pool: ValidationPool;
  beforeAll(() => {
    pool = createValidationPool({ size: 1, build });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('resolves the worker entry to the .ts source under vitest (no built .js beside it)', () => {
    expect(workerEntry().href).toBe(new URL('../../src/validation/validation-worker.ts', import.meta.url).href);
  });

  // A poll-response capture has no MessageHeader of its own: it is not a message to validate.
  const files = manifest().filter((row) => row.event !== 'poll-response').map((row) => row.file);
  it.each(files)('%s: the same findings as the main thread', async (file) => {
    const { text } = sample(file);
    const expected = mainThreadFindings(text);
    expect(await pool.validate(text, expected.event)).toEqual(expected.findings);
  });

  const BROKEN: readonly [string, string, (bundle: any) => void][] = [
    ['Claim.use "bogus"', '10-claim-professional-request.json', (b) => void (claimOf(b).use = 'bogus')],
    ['Claim.item of 3,000 zeros (findings capped)', '10-claim-professional-request.json', (b) => void (claimOf(b).item = new Array(3000).fill(0))],
    ['no Claim.patient, a 5 KB Claim.status', '8-claim-institutional-request.json', (b) => {
      delete claimOf(b).patient;
      claimOf(b).status = 'z'.repeat(5000);
    }],
    ['a batch whose second claim is not a message', '16-batch-request.json', (b) => {
      const nested = b.entry.filter((e: any) => e.resource.resourceType === 'Bundle');
      nested[1].resource.type = 'collection';
    }],
  ];
  it.each(BROKEN)('broken copy, %s: the same findings as the main thread', async (_name, file, mutate) => {
    const bundle = sample(file).json;
    mutate(bundle);
    const text = JSON.stringify(bundle);
    const expected = mainThreadFindings(text);
    expect(expected.findings.some((f) => f.severity === 'error')).toBe(true);
    expect(await pool.validate(text, expected.event)).toEqual(expected.findings);
  });

  it('keeps the event loop ticking while it validates a worst-case ~8 MB message that holds the main thread for a long time', async () => {
    const raw = JSON.stringify(largestCostlyClaim());
    expect(raw.length).toBeGreaterThan(7.5 * 1024 * 1024);
    const read = readEnvelope(JSON.parse(raw));
    if (!read.ok) throw new Error('the worst case is not a message');
    const event = events.get(read.envelope.event)!;

    const inPool = await withTicks(() => pool.validate(raw, event.code));
    const onMain = await withTicks(() => validator.validate(read.envelope, event));
    process.stdout.write(
      `worst case ${(raw.length / 1024 / 1024).toFixed(1)} MB: main thread ${Math.round(onMain.elapsedMs)} ms (loop held ${Math.round(onMain.maxGapMs)} ms); ` +
        `pool ${Math.round(inPool.elapsedMs)} ms (largest tick gap ${Math.round(inPool.maxGapMs)} ms)\n`,
    );
    expect(inPool.result).toEqual(onMain.result);
    // The main-thread figure depends on the machine and the moment (98-760 ms seen): the contrast is
    // what holds, with the worst case still holding the loop noticeably on the main thread.
    expect(onMain.maxGapMs).toBeGreaterThan(50);
    expect(inPool.maxGapMs).toBeLessThan(100);
    expect(inPool.maxGapMs).toBeLessThan(onMain.maxGapMs / 2);
  });

  it('starts from source under `node --import tsx` (npm start), and an idle pool does not keep the process alive', () => {
    const script = [
      `import { createValidationPool } from ${JSON.stringify(new URL('../../src/validation/worker-pool.ts', import.meta.url).href)};`,
      `import { readFileSync } from 'node:fs';`,
      `const pool = createValidationPool({ size: 1, build: ${JSON.stringify(build)} });`,
      `const findings = await pool.validate(readFileSync(${JSON.stringify(join(SAMPLES_DIR, '10-claim-professional-request.json'))}, 'utf8'), 'claim-request');`,
      `process.stdout.write(JSON.stringify({ execArgv: process.execArgv, findings }));`,
      // No close: the idle worker is unref'd, so the process ends by itself.
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', timeout: 50_000 });
    expect(child.error).toBeUndefined();
    expect(child.status, child.stderr).toBe(0);
    const out = JSON.parse(child.stdout) as { execArgv: string[]; findings: Finding[] };
    expect(out.execArgv.slice(0, 2)).toEqual(['--import', 'tsx']);
    expect(out.findings).toEqual(mainThreadFindings(sample('10-claim-professional-request.json').text).findings);
  }, 60_000);
});

describe('validation pool mechanics (fixture workers)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-pool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A worker speaking the pool's protocol: "exit" exits, "throw" throws outside the handler, "hang" never answers, anything else finds nothing. */
  const fixture = (name: string, body: string): URL => {
    const file = join(dir, name);
    writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${body}\n`);
    return pathToFileURL(file);
  };
  const protocol = fixture(
    'protocol.mjs',
    `parentPort.on('message', (job) => {
      if (job.raw === 'exit') process.exit(7);
      else if (job.raw === 'throw') setImmediate(() => { throw new Error('boom in the worker'); });
      else if (job.raw === 'hang') return;
      else parentPort.postMessage({ type: 'findings', id: job.id, findings: [{ code: 'OK', severity: 'information', diagnostics: job.raw }] });
    });
    parentPort.postMessage({ type: 'ready' });`,
  );

  const rejection = async (job: Promise<unknown>): Promise<ValidationPoolError> => {
    const err = await job.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationPoolError);
    return err as ValidationPoolError;
  };

  it('a worker that exits fails its job only; the next job runs on its replacement', async () => {
    const pool = createValidationPool({ size: 1, build, entry: protocol });
    try {
      const crashed = pool.validate('exit', 'claim-request');
      const next = pool.validate('after', 'claim-request');
      const err = await rejection(crashed);
      expect(err.reason).toBe('crashed');
      expect(err.code).toBe('WASL_ERR_VALIDATION_WORKER');
      expect(err.message).toContain('exit code 7');
      expect(await next).toEqual([{ code: 'OK', severity: 'information', diagnostics: 'after' }]);
    } finally {
      await pool.close();
    }
  });

  it('an uncaught exception in the worker fails the job with its message; the pool goes on', async () => {
    const pool = createValidationPool({ size: 1, build, entry: protocol });
    try {
      const err = await rejection(pool.validate('throw', 'claim-request'));
      expect(err.reason).toBe('crashed');
      expect(err.message).toContain('boom in the worker');
      expect(await pool.validate('again', 'claim-request')).toHaveLength(1);
    } finally {
      await pool.close();
    }
  });

  it('two workers take two jobs at once, one each', async () => {
    const pool = createValidationPool({ size: 2, build, entry: protocol });
    try {
      const hung = rejection(pool.validate('hang', 'claim-request'));
      // With one worker held by "hang", the second job still gets an answer: it went to the other worker.
      expect(await pool.validate('second', 'claim-request')).toHaveLength(1);
      await pool.close();
      expect((await hung).reason).toBe('closed');
    } finally {
      await pool.close();
    }
  });

  it('close rejects the running and the queued jobs, and every job after it', async () => {
    const pool = createValidationPool({ size: 1, build, entry: protocol });
    // Handlers attached at once: the jobs reject during close.
    const running = rejection(pool.validate('hang', 'claim-request'));
    const queued = rejection(pool.validate('queued', 'claim-request'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pool.close();
    expect((await running).reason).toBe('closed');
    expect((await queued).reason).toBe('closed');
    expect((await rejection(pool.validate('late', 'claim-request'))).reason).toBe('closed');
  });

  it('a worker that fails while compiling fails the waiting jobs instead of restarting forever', async () => {
    const broken = fixture('broken.mjs', `throw new Error('no schemas here');`);
    const pool = createValidationPool({ size: 1, build, entry: broken });
    try {
      const err = await rejection(pool.validate('x', 'claim-request'));
      expect(err.reason).toBe('start-failed');
      expect(err.message).toContain('no schemas here');
    } finally {
      await pool.close();
    }
  });

  it('a worker that never gets ready fails the waiting jobs after startTimeoutMs', async () => {
    const silent = fixture('silent.mjs', `setInterval(() => {}, 1000);`);
    const pool = createValidationPool({ size: 1, build, entry: silent, startTimeoutMs: 300 });
    try {
      expect((await rejection(pool.validate('x', 'claim-request'))).reason).toBe('start-timeout');
    } finally {
      await pool.close();
    }
  });

  it('refuses a pool of no workers', () => {
    expect(() => createValidationPool({ size: 0, build })).toThrow(RangeError);
  });
});
