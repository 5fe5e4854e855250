/**
 * Hardening fuzz test (issue 9, "What it must show"): at least 10,000 generated hostile or
 * malformed requests against one real gateway on the embedded store, at a bounded concurrency.
 *
 * Families (test/hostile/fuzz/): random mutations of every official sample (delete, duplicate,
 * swap, type swaps, unicode with lone surrogates, long strings, odd numbers, long arrays),
 * header type swaps, truncations, BOMs, invalid UTF-8, duplicate keys, pollution keys, deep
 * nesting, syntax damage, byte flips, random bytes, bodies near the size limit, forged senders
 * and receivers, bad and other participants' tokens, wrong content types, methods and paths,
 * garbage token forms, hostile Subscriptions, /metrics without the role, raw HTTP.
 *
 * It must show: no 5xx other than a coded 503 (store unavailable), every non-2xx a coded
 * OperationOutcome (the token endpoint: its OAuth JSON with a code), every 200 to
 * $process-message a message Bundle, no answer slower than BOUND_MS, /healthz answering within
 * HEALTH_BOUND_MS every ~100 ms throughout, and a valid claim accepted and delivered at the end.
 *
 * Reproduce a run: WASL_FUZZ_SEED=<printed seed>; WASL_FUZZ_COUNT sets the number of requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaslClient } from '../../src/client/wasl-client.js';
import { errorsOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, manifest, sample } from '../support/samples.js';
import { generate } from './fuzz/mutations.js';
import { runSeed } from './fuzz/prng.js';
import { send, type Judged } from './fuzz/runner.js';
import { forgeTokens } from './fuzz/tokens.js';
import type { FuzzContext, FuzzSample } from './fuzz/types.js';

const SEED = runSeed();
const COUNT = Number(process.env.WASL_FUZZ_COUNT ?? 10_000);
/** Requests in flight at once. */
const CONCURRENCY = 12;
/**
 * Slowest answer allowed, on this 2-core machine shared with other work: the client, the
 * generator and the gateway share one event loop, and the largest bodies are ~1.3 MB.
 */
const BOUND_MS = 2_000;
const HEALTH_BOUND_MS = 1_000;
const HEALTH_EVERY_MS = 100;
const MAX_BODY_BYTES = 1024 * 1024;

const LICENCES = ['N-F-00001', 'N-F-00002', 'N-F-00003', 'N-F-00005', 'PR-FHIR', '10000000069631', 'N-I-00001', 'INS-FHIR', '7001548317', 'REG-CHI'];

/**
 * Defects the fuzz found, each with its own reproduction beside this file (marked `it.fails`
 * until fixed): counted and printed, not failed on here, so the run keeps judging the rest.
 * Remove an entry when its reproduction passes.
 */
const KNOWN_DEFECTS: readonly { readonly test: string; readonly matches: (problem: string) => boolean }[] = [
];

interface Slowest {
  ms: number;
  index: number;
  family: string;
  note: string;
  outcome: string;
}

describe('hardening fuzz: hostile and malformed requests against the real server', () => {
  let gw: TestGateway;
  const clients = new Map<string, WaslClient>();

  beforeAll(async () => {
    gw = await startTestGateway({
      WASL_SYNC_WINDOW_MS: '0', // accepted messages answer `queued` at once: no answer waits for a payer
      WASL_VALIDATION_WORKERS: '1', // large bodies are validated off the main thread, as in production
      WASL_MAX_POLL_WAIT_S: '0',
      WASL_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      WASL_MAX_JSON_VALUES: '100000', // reachable under a 1 MB body
      WASL_RATE_LIMIT_PER_MINUTE: '1000000',
      WASL_AUTH_FAILURES_PER_IP_PER_MINUTE: '1000000',
      WASL_TOKEN_RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
      WASL_TOKEN_RATE_LIMIT_PER_MINUTE: '10', // garbage forms claiming N-F-00009 (or N-F-00001) meet real 429s
      WASL_RATE_LIMIT_DELAY_MS: '100',
      WASL_SUBSCRIPTION_HOSTS: 'hooks.fuzz.invalid', // no hook the fuzzer names is ever called
      WASL_RISK_CHECKS: 'off', // the final claim is checked byte for byte as delivered
    });
    for (const licence of LICENCES) {
      const client = await gw.client(licence);
      await client.token();
      clients.set(licence, client);
    }
  });

  afterAll(async () => {
    await gw?.stop();
  });

  it(`answers ${COUNT} hostile requests with coded 4xx/200 only, each within ${BOUND_MS} ms, /healthz throughout, then accepts a valid claim`, { timeout: 300_000 }, async () => {
    const tokens = new Map<string, string>();
    for (const [licence, client] of clients) tokens.set(licence, await client.token());
    const samples: FuzzSample[] = manifest()
      .map((row) => sample(row.file))
      .map((s) => ({ ...s, sender: s.json.entry[0].resource.sender?.identifier?.value, receiver: s.json.entry[0].resource.destination?.[0]?.receiver?.identifier?.value }));
    const ctx: FuzzContext = {
      samples,
      tokens,
      badTokens: await forgeTokens(gw.dataDir, tokens.get('N-F-00001')!),
      subscription: JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'subscription-N-F-00001.json'), 'utf8')) as Record<string, any>,
      limits: { maxBodyBytes: gw.config.maxBodyBytes, maxJsonDepth: gw.config.maxJsonDepth, maxArrayLength: gw.config.maxArrayLength, maxJsonValues: gw.config.maxJsonValues },
      fhirBase: gw.config.fhirBase,
      tokenAudience: `${gw.config.publicUrl}/auth/token`,
    };
    // One message over the worker threshold before the clock starts (the worker was compiled at
    // the gateway's start: validation-worker-cold-start.test.ts); its time is printed.
    const warmStarted = performance.now();
    const warm = await clients.get('N-F-00001')!.send(`${JSON.stringify(fresh(sample('10-claim-professional-request.json').json)).slice(0, -1)},"zz":"${'w'.repeat(gw.config.validationWorkerBytes)}"}`);
    const warmMs = performance.now() - warmStarted;
    expect(warm.status).toBe(200);
    console.log(`fuzz: seed ${SEED} (WASL_FUZZ_SEED=${SEED} reproduces), ${COUNT} requests, concurrency ${CONCURRENCY}, bound ${BOUND_MS} ms, ${samples.length} official samples`);

    // /healthz every ~100 ms for the whole run.
    const health = { checks: 0, failures: [] as string[], slowest: 0 };
    let running = true;
    const healthLoop = (async () => {
      while (running) {
        const started = performance.now();
        try {
          const response = await fetch(`${gw.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
          await response.text();
          const ms = performance.now() - started;
          health.slowest = Math.max(health.slowest, ms);
          if (response.status !== 200 || ms > HEALTH_BOUND_MS) health.failures.push(`${response.status} after ${ms.toFixed(0)} ms`);
        } catch (failure) {
          health.failures.push(`no answer: ${(failure as Error).message}`);
        }
        health.checks += 1;
        await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
      }
    })();

    const outcomes = new Map<string, number>();
    const families = new Map<string, { n: number; slowest: number }>();
    const problems: string[] = [];
    const slow: string[] = [];
    let slowest: Slowest = { ms: 0, index: -1, family: '', note: '', outcome: '' };
    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      for (let index = next++; index < COUNT; index = next++) {
        const request = generate(SEED, index, ctx);
        const judged: Judged = await send(gw.url, request);
        const key = `${request.family === 'token-form' ? '/auth/token ' : request.family === 'raw-http' ? 'raw ' : ''}${judged.outcome}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        const family = families.get(request.family) ?? { n: 0, slowest: 0 };
        families.set(request.family, { n: family.n + 1, slowest: Math.max(family.slowest, judged.ms) });
        const where = `#${index} ${request.family} (${request.method} ${request.path.slice(0, 60)}; ${request.note.slice(0, 120)})`;
        for (const problem of judged.problems) problems.push(`${where}: ${problem}`);
        if (judged.ms > BOUND_MS) slow.push(`${where}: ${judged.ms.toFixed(0)} ms -> ${judged.outcome}`);
        if (judged.ms > slowest.ms) slowest = { ms: judged.ms, index, family: request.family, note: request.note.slice(0, 120), outcome: judged.outcome };
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = performance.now() - started;

    // At the end, a fresh valid claim is accepted and its payer polls it byte for byte.
    const claim = fresh(sample('10-claim-professional-request.json').json);
    const claimText = JSON.stringify(claim);
    const accepted = await clients.get('N-F-00001')!.send(claimText);
    const delivered = await pollFor(clients.get('N-I-00001')!, claim.id as string, claimText);
    running = false;
    await healthLoop;

    const known = problems.filter((p) => KNOWN_DEFECTS.some((d) => d.matches(p)));
    const unknown = problems.filter((p) => !known.includes(p));
    const table = [...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`);
    const familyTable = [...families].sort((a, b) => b[1].n - a[1].n).map(([k, f]) => `  ${String(f.n).padStart(6)}  ${k.padEnd(18)} slowest ${f.slowest.toFixed(0)} ms`);
    console.log(
      [
        `fuzz: seed ${SEED}: ${COUNT} requests in ${(elapsed / 1000).toFixed(1)} s (${((COUNT * 1000) / elapsed).toFixed(0)} requests/s), concurrency ${CONCURRENCY}`,
        'outcomes (status code):',
        ...table,
        'families:',
        ...familyTable,
        `slowest answer: ${slowest.ms.toFixed(0)} ms, #${slowest.index} ${slowest.family} (${slowest.note}) -> ${slowest.outcome}; bound ${BOUND_MS} ms`,
        `warm-up: the first message over ${gw.config.validationWorkerBytes} bytes took ${warmMs.toFixed(0)} ms (the worker compiled at start: validation-worker-cold-start.test.ts)`,
        `/healthz: ${health.checks} checks, slowest ${health.slowest.toFixed(0)} ms, ${health.failures.length} failures; bound ${HEALTH_BOUND_MS} ms`,
        `final claim: ${accepted.status}, errors ${JSON.stringify(errorsOf(accepted.json))}, delivered byte for byte: ${delivered}`,
        ...KNOWN_DEFECTS.map((d) => `known defect (${d.test}): ${known.filter((p) => d.matches(p)).length} answers`),
        ...(unknown.length > 0 ? [`problems (${unknown.length}, first 30):`, ...unknown.slice(0, 30).map((p) => `  ${p}`)] : []),
        ...(slow.length > 0 ? [`slow answers (${slow.length}, first 20):`, ...slow.slice(0, 20).map((p) => `  ${p}`)] : []),
      ].join('\n'),
    );

    expect(unknown, 'no 5xx, every refusal coded, every 200 a message Bundle').toEqual([]);
    expect(slow, `no answer slower than ${BOUND_MS} ms`).toEqual([]);
    expect(health.failures, '/healthz answered 200 within the bound throughout').toEqual([]);
    expect(health.checks).toBeGreaterThan(10);
    expect(accepted.status).toBe(200);
    expect(errorsOf(accepted.json)).toEqual([]);
    expect(delivered).toBe(true);
  });
});

/**
 * Polls the payer's queue until the claim appears (earlier fuzz messages that were accepted
 * queue ahead of it; polled ones stay leased, so each poll hands out the next ones). True when
 * the poll-response carries the exact bytes sent.
 */
async function pollFor(payer: WaslClient, bundleId: string, text: string): Promise<boolean> {
  for (let round = 0; round < 200; round += 1) {
    const { result, messages } = await payer.poll({ count: 100, include: ['claim-request'] });
    if (result.status !== 200) return false;
    const found = messages.find((m) => m.bundleId === bundleId);
    if (found) return result.text.includes(text) && JSON.stringify(found.bundle) === text;
    if (messages.length === 0) return false;
  }
  return false;
}
