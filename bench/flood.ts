/**
 * `npm run bench:flood`: one participant flooding must not raise another's p99 (issue 9, item 10).
 *
 * A well-behaved provider (N-F-00001) sends poll-requests at a steady rate, well inside its limit,
 * and its latency is measured in four phases, one after another, each on the same gateway process:
 *
 * 1. echo: the same requests to the bare Fastify echo (bench/echo-server.ts), the baseline;
 * 2. alone: the gateway with nobody else talking;
 * 3. limited flood: N-F-00002 (limits.requestsPerMinute 600) floods with as many connections as
 *    asked and no pause, starting 2 s before the measurement so its budget is spent by then: its
 *    requests are refused with 429 before their body is read, each held for WASL_RATE_LIMIT_DELAY_MS;
 * 4. unlimited flood: the same flood from N-F-00003, whose limit is out of reach: what the
 *    well-behaved provider would see without rate limits.
 *
 * Every request carries a fresh poll-request (new Bundle.id and MessageHeader.id), so each one is
 * authenticated, validated, recorded and answered like a real poll. Only counts and timings are
 * printed; no identifier from any message.
 *
 *   npm run bench:flood -- [--duration 10] [--rate 20] [--flood-connections 16] [--store redis]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { localClient } from '../src/cli/local-client.js';
import { buildPollRequest } from '../src/client/poll-request.js';
import { initDevelopment } from '../src/security/init.js';
import { FileParticipantRegistry } from '../src/security/participants/file-registry.js';
import { startBenchRedis, type BenchRedis } from './redis-server.js';
import { Samples } from './stats.js';
import { startTarget, type Target } from './targets.js';

const WELL_BEHAVED = 'N-F-00001';
const LIMITED_FLOODER = 'N-F-00002';
const UNLIMITED_FLOODER = 'N-F-00003';
const FLOODER_LIMIT_PER_MINUTE = 600;

interface Load {
  readonly licence: string;
  readonly authorization: string;
  readonly connections: number;
  /** Requests per second over all connections; undefined: as fast as the server answers. */
  readonly rate?: number;
}

interface LoadResult {
  readonly responses: number;
  readonly byStatus: Record<string, number>;
  readonly latencies: Samples;
  readonly durationS: number;
}

function run(url: string, durationS: number, load: Load): Promise<LoadResult> {
  const latencies = new Samples();
  const byStatus: Record<string, number> = {};
  const request: autocannon.Request = {
    method: 'POST',
    path: '/$process-message',
    setupRequest: (req) => {
      req.body = JSON.stringify(buildPollRequest({ licence: load.licence, role: 'provider', count: 1 }));
      req.headers = { 'content-type': 'application/fhir+json', authorization: load.authorization };
      return req;
    },
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections: load.connections, duration: durationS, timeout: 30, requests: [request], ...(load.rate ? { overallRate: load.rate } : {}) },
      (error, result) => (error ? reject(error) : resolve({ responses: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus, latencies, durationS: result.duration })),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      byStatus[statusCode] = (byStatus[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.add(responseTime);
    });
  });
}

interface PhaseRow {
  readonly phase: string;
  readonly wellBehaved: LoadResult;
  readonly flood?: LoadResult;
  readonly cpuMsPerWellBehavedRequest?: number;
}

/** The flood starts this long before the measurement, so the flooder has spent its budget by then. */
const FLOOD_LEAD_S = 2;

async function phase(name: string, target: Target | undefined, url: string, durationS: number, wellBehaved: Load, flood?: Load): Promise<PhaseRow> {
  const flooding = flood ? run(url, durationS + FLOOD_LEAD_S, flood) : Promise.resolve(undefined);
  if (flood) await new Promise((r) => setTimeout(r, FLOOD_LEAD_S * 1000));
  const before = target ? await target.usage() : undefined;
  const good = await run(url, durationS, wellBehaved);
  const after = target ? await target.usage() : undefined;
  const bad = await flooding;
  return {
    phase: name,
    wellBehaved: good,
    ...(bad ? { flood: bad } : {}),
    ...(before && after ? { cpuMsPerWellBehavedRequest: (after.cpuMicros - before.cpuMicros) / 1000 / Math.max(1, good.responses) } : {}),
  };
}

function fmt(value: number, digits = 2): string {
  return Number.isNaN(value) ? '-' : value.toFixed(digits);
}

function report(rows: readonly PhaseRow[], options: { durationS: number; rate: number; floodConnections: number; store: string }): string {
  const lines = [
    `Wasl flood bench: ${options.durationS} s per phase, well-behaved ${WELL_BEHAVED} at ${options.rate} req/s (2 connections), flooders ${options.floodConnections} connections unpaced, store ${options.store}, Node ${process.version}`,
    '',
    'phase            wb req/s  wb p50 ms  wb p99 ms  wb non-2xx  flood req/s  flood 429 %  srv CPU s (measured part)',
  ];
  const echo = rows.find((r) => r.phase === 'echo');
  for (const row of rows) {
    const [p50, p99] = row.wellBehaved.latencies.percentiles(50, 99);
    const non2xx = row.wellBehaved.responses - row.wellBehaved.latencies.size;
    const flood = row.flood;
    const floodRate = flood ? flood.responses / flood.durationS : Number.NaN;
    const limited = flood ? (100 * (flood.byStatus['429'] ?? 0)) / Math.max(1, flood.responses) : Number.NaN;
    const cpu = row.cpuMsPerWellBehavedRequest === undefined ? Number.NaN : (row.cpuMsPerWellBehavedRequest * row.wellBehaved.responses) / 1000;
    lines.push(
      `${row.phase.padEnd(16)} ${fmt(row.wellBehaved.responses / row.wellBehaved.durationS, 1).padStart(8)}  ${fmt(p50!).padStart(9)}  ${fmt(p99!).padStart(9)}  ${String(non2xx).padStart(10)}  ${fmt(floodRate, 1).padStart(11)}  ${fmt(limited, 1).padStart(11)}  ${fmt(cpu, 2).padStart(9)}`,
    );
  }
  if (echo) {
    const [, echoP99] = echo.wellBehaved.latencies.percentiles(50, 99);
    const ratios = rows
      .filter((r) => r.phase !== 'echo')
      .map((r) => `${r.phase} x${fmt(r.wellBehaved.latencies.percentiles(99)[0]! / echoP99!, 1)}`);
    lines.push('', `well-behaved p99 / echo p99: ${ratios.join(', ')}`);
  }
  const alone = rows.find((r) => r.phase === 'alone');
  if (alone) {
    const aloneP99 = alone.wellBehaved.latencies.percentiles(99)[0]!;
    const deltas = rows
      .filter((r) => r.flood)
      .map((r) => `${r.phase} ${fmt(r.wellBehaved.latencies.percentiles(99)[0]! - aloneP99)} ms (x${fmt(r.wellBehaved.latencies.percentiles(99)[0]! / aloneP99)})`);
    lines.push(`well-behaved p99 change against alone: ${deltas.join(', ')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      rate: { type: 'string', default: '20' },
      'flood-connections': { type: 'string', default: '16' },
      store: { type: 'string', default: 'embedded' },
      json: { type: 'boolean', default: false },
    },
  });
  const durationS = Number(values.duration);
  const rate = Number(values.rate);
  const floodConnections = Number(values['flood-connections']);
  if (!(durationS > 0) || !(rate > 0) || !(floodConnections > 0)) throw new Error('--duration, --rate and --flood-connections must be positive numbers');
  if (values.store !== 'embedded' && values.store !== 'redis') throw new Error('--store is embedded or redis');

  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-bench-flood-'));
  let redis: BenchRedis | undefined;
  const targets: Target[] = [];
  try {
    await initDevelopment(dataDir);
    const registry = await FileParticipantRegistry.open(dataDir);
    // The well-behaved provider's budget is three times its rate; the flooders' are 600/min and out of reach.
    const limit = (licence: string, requestsPerMinute: number) => registry.upsert({ ...registry.get(licence)!, limits: { requestsPerMinute } });
    await limit(WELL_BEHAVED, Math.ceil(rate * 60 * 3));
    await limit(LIMITED_FLOODER, FLOODER_LIMIT_PER_MINUTE);
    await limit(UNLIMITED_FLOODER, 10_000_000);
    if (values.store === 'redis') redis = await startBenchRedis();

    const echo = await startTarget('echo');
    targets.push(echo);
    const gateway = await startTarget('gateway', { dataDir, ...(redis ? { redisUrl: redis.url } : {}) });
    targets.push(gateway);
    const header = async (licence: string) => `Bearer ${await (await localClient(dataDir, licence, gateway.url)).token()}`;
    const wellBehaved: Load = { licence: WELL_BEHAVED, authorization: await header(WELL_BEHAVED), connections: 2, rate };
    const limitedFlood: Load = { licence: LIMITED_FLOODER, authorization: await header(LIMITED_FLOODER), connections: floodConnections };
    const unlimitedFlood: Load = { licence: UNLIMITED_FLOODER, authorization: await header(UNLIMITED_FLOODER), connections: floodConnections };

    // Warm-up, unmeasured: JIT, LMDB pages, the token cache.
    await run(gateway.url, 2, wellBehaved);
    await run(echo.url, 1, { ...wellBehaved, authorization: 'Bearer echo' });

    const rows: PhaseRow[] = [];
    rows.push(await phase('echo', echo, echo.url, durationS, { ...wellBehaved, authorization: 'Bearer echo' }));
    rows.push(await phase('alone', gateway, gateway.url, durationS, wellBehaved));
    rows.push(await phase('limited flood', gateway, gateway.url, durationS, wellBehaved, limitedFlood));
    rows.push(await phase('unlimited flood', gateway, gateway.url, durationS, wellBehaved, unlimitedFlood));

    if (values.json) {
      console.log(
        JSON.stringify(
          rows.map((r) => ({
            phase: r.phase,
            wellBehaved: { responses: r.wellBehaved.responses, byStatus: r.wellBehaved.byStatus, p50: r.wellBehaved.latencies.percentiles(50)[0], p99: r.wellBehaved.latencies.percentiles(99)[0] },
            ...(r.flood ? { flood: { responses: r.flood.responses, byStatus: r.flood.byStatus, durationS: r.flood.durationS } } : {}),
          })),
        ),
      );
    } else {
      console.log(report(rows, { durationS, rate, floodConnections, store: values.store }));
    }
  } finally {
    for (const target of targets.reverse()) await target.stop().catch(() => undefined);
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((problem: unknown) => {
  console.error(problem instanceof Error ? problem.message : problem);
  process.exitCode = 1;
});
