/**
 * `npm run bench`: drives the real gateway over HTTP with autocannon, beside a bare Fastify echo
 * server measured in the same run, and reports both and their ratio. See bench/README.md.
 *
 *   1. a temporary data directory, initialised like `wasl init` (dev CA, gateway key, demo participants)
 *   2. the echo server and the gateway, each in a child process on a loopback port; with
 *      `--store redis`, a throwaway redis-server and `--instances` gateway processes over it
 *   3. a pool of request bodies from the official samples, one token per sender
 *   4. warm-up, then rounds of echo and gateway; the reference payers answer during gateway phases
 *   5. the report (table on stdout, or JSON with --json); progress on stderr
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDevelopment } from '../src/security/init.js';
import { classifyAnswer, isAccepted } from './classify.js';
import { EchoFeed, GatewayFeed, type Feed } from './feeds.js';
import { generatePool, loadTemplates, summarisePool } from './message-pool.js';
import { OptionError, parseOptions, usage, type BenchOptions } from './options.js';
import { Participants } from './participants.js';
import { startGateways } from './gateways.js';
import { PAYERS, PayerFleet } from './payers.js';
import { startReaper } from './reaper.js';
import { startBenchRedis, type BenchRedis } from './redis-server.js';
import { buildReport, renderText, type MeasuredPhase } from './report.js';
import { RoundRobinClient } from './round-robin-client.js';
import { runPhase } from './run-autocannon.js';
import { startTarget, type ProcessUsage, type TargetName } from './targets.js';

const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = parseOptions(argv);
    if (parsed === 'help') {
      process.stdout.write(`${usage()}\n`);
      return 0;
    }
    options = parsed;
  } catch (problem) {
    if (problem instanceof OptionError || (problem as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`bench: ${(problem as Error).message}\n${usage()}\n`);
      return 2;
    }
    throw problem;
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-bench-'));
  const reaper = startReaper({ dirs: [dataDir] });
  const cleanups: (() => Promise<void> | void)[] = [
    () => {
      rmSync(dataDir, { recursive: true, force: true });
      reaper.dismiss();
    },
  ];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const step of cleanups.reverse()) {
        try {
          await step();
        } catch (problem) {
          log(`clean-up step failed: ${problem instanceof Error ? problem.message : String(problem)}`);
        }
      }
    })());
  const interrupted = (signal: NodeJS.Signals, code: number) => () => {
    log(`${signal}: stopping payers and servers, removing the data directory${options.store === 'redis' ? ' and Redis' : ''}`);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', interrupted('SIGINT', 130));
  process.once('SIGTERM', interrupted('SIGTERM', 143));

  try {
    await initDevelopment(dataDir);
    const templates = loadTemplates();
    const pool = generatePool(templates, { size: options.pool, invalidShare: options.invalidShare, duplicateShare: options.duplicateShare, seed: options.seed });
    const summary = summarisePool(pool, templates);
    log(
      `pool: ${summary.size} bodies (valid ${summary.kinds.valid}, invalid ${summary.kinds.invalid}, duplicates ${summary.kinds.duplicate}) ` +
        `from ${summary.samples} samples, ${summary.senders.length} senders`,
    );

    let redis: BenchRedis | undefined;
    if (options.store === 'redis') {
      redis = await startBenchRedis();
      // Pushed first, so it runs last: the instances stop while their store is still there.
      cleanups.push(redis.stop);
      log(`redis-server up on ${redis.url} (AOF, appendfsync always, temporary directory)`);
    }
    const echo = await startTarget('echo');
    cleanups.push(() => echo.stop());
    const gateway = await startGateways({
      instances: options.instances,
      dataDir,
      syncWindowMs: options.syncWindowMs,
      ...(redis ? { redisUrl: redis.url } : {}),
    });
    cleanups.push(() => gateway.stop());
    log(
      `servers up: echo and ${redis ? `${options.instances} gateway instance(s) over Redis, public URL ${gateway.publicUrl}` : 'gateway'} ` +
        `(sync window ${options.syncWindowMs} ms), each in its own process`,
    );

    const participants = await Participants.open(dataDir, gateway.publicUrl, [...summary.senders, ...PAYERS]);
    participants.startRefreshing();
    cleanups.push(() => participants.stopRefreshing());
    // Scaled out, each payer's polls and answers go round-robin over the instances.
    const spread = redis ? await Promise.all(PAYERS.map((licence) => RoundRobinClient.open(dataDir, participants.client(licence), gateway.urls))) : undefined;
    const fleet = new PayerFleet(spread ?? PAYERS.map((licence) => participants.client(licence)), summary.receivers, options.payerSims);
    cleanups.push(() => fleet.stop());
    const allocation = Object.entries(fleet.allocation).map(([licence, n]) => `${licence} x${n}`).join(', ');
    log(`tokens: ${summary.senders.length + PAYERS.length} participants authenticated; payer simulators: ${allocation}`);

    const feeds: Record<TargetName, Feed> = { echo: new EchoFeed(pool), gateway: new GatewayFeed(pool) };
    const urls: Record<TargetName, readonly string[]> = { echo: [echo.url], gateway: gateway.urls };
    const usage: Record<TargetName, () => Promise<ProcessUsage[]>> = { echo: async () => [await echo.usage()], gateway: () => gateway.usage() };
    const cpuOf = (all: readonly ProcessUsage[]) => all.map((u) => u.cpuMicros);
    const timeoutS = Math.max(10, Math.ceil(options.syncWindowMs / 1000) + 10);

    const phase = async (name: TargetName, durationS: number): Promise<Omit<MeasuredPhase, 'round'>> => {
      if (name === 'gateway') fleet.start();
      const serverBefore = cpuOf(await usage[name]());
      const redisBefore = redis?.cpuMicros();
      const loadgenBefore = process.cpuUsage();
      const output = await runPhase({
        urls: urls[name],
        durationS,
        connections: options.connections,
        timeoutS,
        feed: feeds[name],
        authorization: (sender) => participants.authorization(sender),
        ...(name === 'gateway' ? { classify: (status: number, body: string) => classifyAnswer(status, body, gateway.gatewayLicence), isAccepted } : {}),
      });
      const loadgen = process.cpuUsage(loadgenBefore);
      const serverAfter = cpuOf(await usage[name]());
      const redisAfter = redis?.cpuMicros();
      if (name === 'gateway') await fleet.stop();
      const instanceCpuMicros = serverAfter.map((after, i) => after - serverBefore[i]!);
      return {
        target: name,
        output,
        serverCpuMicros: instanceCpuMicros.reduce((a, b) => a + b, 0),
        loadgenCpuMicros: loadgen.user + loadgen.system,
        ...(redis && name === 'gateway' ? { instanceCpuMicros, ...(redisBefore !== undefined && redisAfter !== undefined ? { redisCpuMicros: redisAfter - redisBefore } : {}) } : {}),
      };
    };

    if (options.warmupS > 0) {
      for (const name of ['echo', 'gateway'] as const) {
        log(`warm-up ${name}: ${options.warmupS} s (not measured)`);
        await phase(name, options.warmupS);
      }
    }
    const measured: MeasuredPhase[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const name of ['echo', 'gateway'] as const) {
        log(`round ${round}/${options.rounds} ${name}: ${options.durationS} s, ${options.connections} connections`);
        const result = { ...(await phase(name, options.durationS)), round };
        measured.push(result);
        const o = result.output;
        const perInstance = o.byInstance.length > 1 ? ` (instances: ${o.byInstance.map((i) => i.responses).join(' / ')} responses)` : '';
        log(`  ${name}: ${(o.responses / o.durationS).toFixed(1)} req/s, ${o.non2xx} non-2xx, ${o.errors} errors${perInstance}`);
      }
    }

    const gatewayFeed = feeds.gateway as GatewayFeed;
    const providers = summary.senders.filter((s) => !(PAYERS as readonly string[]).includes(s));
    const finalUsage = await gateway.usage();
    const report = buildReport({
      options,
      pool: summary,
      phases: measured,
      feed: { renewed: gatewayFeed.renewed, substituted: gatewayFeed.substituted, skipped: gatewayFeed.skipped, wrapped: gatewayFeed.wrapped },
      payers: { ...fleet.counts(), simulators: fleet.allocation },
      queues: await gateway.queues([...PAYERS, ...providers]),
      payerLicences: PAYERS,
      gatewayRssBytes: finalUsage.reduce((sum, u) => sum + u.rssBytes, 0),
      tokenRefreshFailures: participants.refreshFailures,
      ...(spread
        ? {
            scaleOut: {
              instanceUrls: gateway.urls,
              payerRequests: gateway.urls.map((_, i) => spread.reduce((sum, client) => sum + client.sent[i]!, 0)),
              rssBytes: finalUsage.map((u) => u.rssBytes),
            },
          }
        : {}),
    });
    log(`done: stopping payers and servers, removing the data directory${redis ? ' and Redis' : ''}`);
    await cleanup();
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
    return 0;
  } finally {
    await cleanup();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (problem: unknown) => {
    process.stderr.write(`bench: failed: ${problem instanceof Error ? (problem.stack ?? problem.message) : String(problem)}\n`);
    process.exitCode = 1;
  },
);
