/**
 * `wasl bench` (and `npm run bench`): drives the real gateway over HTTP with autocannon, beside
 * two bare Fastify echo servers measured in the same run with the same bodies, and reports all
 * three and the gateway's ratio to the parsing echo. See bench/README.md.
 *
 *   1. a temporary data directory, initialised like `wasl init` (dev CA, gateway key, demo participants)
 *   2. the echo servers and the gateway, each in a child process on a loopback port; with
 *      `--store redis`, a throwaway redis-server and `--instances` gateway processes over it
 *   3. the reference payers, one child process per payer, long-polling their queues; the
 *      providers long-poll theirs from this process (the answers that miss the window)
 *   4. a pool of request bodies from the official samples, one token per sender
 *   5. warm-up, then rounds of echo, raw echo and gateway, each gateway phase followed by a
 *      settle period in which the payers drain their queues
 *   6. the report (table on stdout, or JSON with --json; --baseline compares); progress on stderr
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDevelopment } from '../src/security/init.js';
import { compareWithBaseline, renderComparison } from './baseline.js';
import { classifyAnswer, isAccepted } from './classify.js';
import { EchoFeed, GatewayFeed, type Feed } from './feeds.js';
import { generatePool, loadTemplates, summarisePool } from './message-pool.js';
import { OptionError, parseOptions, usage, type BenchOptions } from './options.js';
import { Participants } from './participants.js';
import { startGateways, type GatewayInstances } from './gateways.js';
import { PAYERS, PayerFleet } from './payers.js';
import { Progress } from './progress.js';
import { ProviderInbox, RoundTrips } from './providers.js';
import { startReaper } from './reaper.js';
import { startBenchRedis, type BenchRedis } from './redis-server.js';
import { buildReport, type MemorySample, renderText, TARGETS, type MeasuredPhase } from './report.js';
import { RoundRobinClient } from './round-robin-client.js';
import { runPhase, type PhaseOutput } from './run-autocannon.js';
import { OutcomeTable } from './stats.js';
import { startTarget, type Target, type TargetName } from './targets.js';

/** Longest wait for the payers to drain their queues after a gateway phase. */
const SETTLE_MAX_MS = 30_000;
/** After the payer queues are empty: longest wait for the last answers to reach the providers. */
const SETTLE_ANSWERS_MS = 3_000;

/** Runs the bench with command-line arguments; resolves to the exit code. */
export async function runBench(argv: readonly string[]): Promise<number> {
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

  const plannedS = TARGETS.length * options.warmupS + options.rounds * TARGETS.reduce((sum, name) => sum + (name === 'gateway' ? options.durationS : options.echoDurationS), 0);
  const progress = new Progress(plannedS);
  const log = (line: string) => progress.log(line);
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
      progress.stop();
      for (const step of cleanups.reverse()) {
        try {
          await step();
        } catch (problem) {
          process.stderr.write(`bench: clean-up step failed: ${problem instanceof Error ? problem.message : String(problem)}\n`);
        }
      }
    })());
  const interrupted = (signal: NodeJS.Signals, code: number) => () => {
    log(`${signal}: stopping payers and servers, removing the data directory${options.store === 'redis' ? ' and Redis' : ''}`);
    void cleanup().finally(() => process.exit(code));
  };
  const onInt = interrupted('SIGINT', 130);
  const onTerm = interrupted('SIGTERM', 143);
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);

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
    const echoes: Partial<Record<TargetName, Target>> = {};
    for (const name of ['echo', 'echo-raw'] as const) {
      const target = await startTarget(name);
      echoes[name] = target;
      cleanups.push(() => target.stop());
    }
    const gateway = await startGateways({
      instances: options.instances,
      workers: options.workers,
      dataDir,
      syncWindowMs: options.syncWindowMs,
      ...(redis ? { redisUrl: redis.url } : {}),
    });
    cleanups.push(() => gateway.stop());
    log(
      `servers up: echo, raw echo and ${redis ? `${options.instances} gateway instance(s) over Redis, public URL ${gateway.publicUrl}` : 'gateway'} ` +
        `(sync window ${options.syncWindowMs} ms), each in its own process`,
    );

    const providers = summary.senders.filter((s) => !(PAYERS as readonly string[]).includes(s));
    const participants = await Participants.open(dataDir, gateway.publicUrl, [...summary.senders, ...PAYERS]);
    participants.startRefreshing();
    cleanups.push(() => participants.stopRefreshing());
    const fleet = await PayerFleet.start({ dataDir, publicUrl: gateway.publicUrl, urls: gateway.urls, traffic: summary.receivers, busiest: options.payerSims, waitS: options.waitS });
    cleanups.push(async () => void (await fleet.stop()));
    const trips = new RoundTrips();
    const providerClients = redis ? await Promise.all(providers.map((licence) => RoundRobinClient.open(dataDir, participants.client(licence), gateway.urls))) : providers.map((l) => participants.client(l));
    const inbox = new ProviderInbox(providerClients, trips, options.waitS);
    inbox.start();
    cleanups.push(() => inbox.stop());
    const allocation = Object.entries(fleet.allocation).map(([licence, n]) => `${licence} x${n}`).join(', ');
    log(`tokens: ${summary.senders.length + PAYERS.length} participants; payer processes (long poll ${options.waitS} s): ${allocation}; ${providers.length} providers polling`);

    const feeds: Record<TargetName, Feed> = { echo: new EchoFeed(pool), 'echo-raw': new EchoFeed(pool), gateway: new GatewayFeed(pool) };
    const urls: Record<TargetName, readonly string[]> = { echo: [echoes.echo!.url], 'echo-raw': [echoes['echo-raw']!.url], gateway: gateway.urls };
    const serverCpu = async (name: TargetName): Promise<number[]> =>
      name === 'gateway' ? (await gateway.usage()).map((u) => u.cpuMicros) : [(await echoes[name]!.usage()).cpuMicros];
    const timeoutS = Math.max(10, Math.ceil(options.syncWindowMs / 1000) + 10);
    const everyGatewayOutcome = new OutcomeTable();
    const memoryTrace: MemorySample[] = [];
    let measuredSoFarS = 0;

    const phase = async (name: TargetName, durationS: number, label: string, measured: boolean): Promise<Omit<MeasuredPhase, 'round'>> => {
      const serverBefore = await serverCpu(name);
      const payersBefore = name === 'gateway' ? await fleet.cpuMicros() : [];
      const redisBefore = redis?.cpuMicros();
      const loadgenBefore = process.cpuUsage();
      const live = { responses: 0 };
      trips.measuring = measured;
      progress.phase(label, durationS, live);
      // Resident memory through the measured gateway time, about 20 readings a phase (at least one every 30 s).
      const sampler =
        name === 'gateway' && measured
          ? setInterval(() => {
              void gateway.usage().then((usage) => memoryTrace.push({ atS: (Date.now() - measuredStart) / 1000 + measuredSoFarS, rssBytes: usage.reduce((sum, u) => sum + u.rssBytes, 0), heapBytes: usage.reduce((sum, u) => sum + (u.heapBytes ?? 0), 0) }));
            }, Math.min(30_000, Math.max(500, (durationS * 1000) / 20)))
          : undefined;
      const measuredStart = Date.now();
      const output = await runPhase({
        urls: urls[name],
        durationS,
        connections: options.connections,
        timeoutS,
        feed: feeds[name],
        live,
        authorization: (sender) => participants.authorization(sender),
        ...(name === 'gateway'
          ? {
              classify: (status: number, body: string) => classifyAnswer(status, body, gateway.gatewayLicence),
              isAccepted,
              onOutcome: (dispatch, outcome, latencyMs) => {
                if (dispatch.kind !== 'valid') return;
                if (outcome === 'answered') trips.answered(latencyMs);
                else if (outcome === 'queued' || outcome === 'timed-out') trips.waiting(dispatch.headerId, latencyMs);
              },
            }
          : {}),
      });
      progress.phaseDone();
      if (sampler) {
        clearInterval(sampler);
        measuredSoFarS += durationS;
      }
      const settleS = name === 'gateway' ? await settle(gateway, trips) : 0;
      const loadgen = process.cpuUsage(loadgenBefore);
      const serverAfter = await serverCpu(name);
      const payersAfter = name === 'gateway' ? await fleet.cpuMicros() : [];
      const redisAfter = redis?.cpuMicros();
      if (name === 'gateway') everyGatewayOutcome.addAll(output.outcomes);
      const instanceCpuMicros = serverAfter.map((after, i) => after - serverBefore[i]!);
      log(`  ${label}: ${summaryLine(output)}${settleS > 0.05 ? `, payers drained ${settleS.toFixed(1)} s after` : ''}${measured ? '' : ' (warm-up, not measured)'}`);
      return {
        target: name,
        output,
        serverCpuMicros: instanceCpuMicros.reduce((a, b) => a + b, 0),
        payerCpuMicros: Object.fromEntries(PAYERS.map((licence, i) => [licence, (payersAfter[i] ?? 0) - (payersBefore[i] ?? 0)])),
        loadgenCpuMicros: loadgen.user + loadgen.system,
        settleS,
        ...(redis && name === 'gateway' ? { instanceCpuMicros, ...(redisBefore !== undefined && redisAfter !== undefined ? { redisCpuMicros: redisAfter - redisBefore } : {}) } : {}),
      };
    };

    if (options.warmupS > 0) {
      for (const name of TARGETS) await phase(name, options.warmupS, `warm-up ${name}`, false);
    }
    const measured: MeasuredPhase[] = [];
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const name of TARGETS) {
        // The echoes' figures settle in seconds; a soak (`--duration 600 --echo-duration 30`) is about the gateway.
        const durationS = name === 'gateway' ? options.durationS : options.echoDurationS;
        measured.push({ ...(await phase(name, durationS, `round ${round}/${options.rounds} ${name}`, true)), round });
      }
    }

    inbox.stop();
    const payerCounts = await fleet.stop();
    if (!payerCounts) throw new Error('a payer process ended before it could report its counts');
    const gatewayFeed = feeds.gateway as GatewayFeed;
    const finalUsage = await gateway.usage();
    const report = buildReport({
      options,
      pool: summary,
      phases: measured,
      allGatewayOutcomes: everyGatewayOutcome,
      feed: { renewed: gatewayFeed.renewed, substituted: gatewayFeed.substituted, skipped: gatewayFeed.skipped, wrapped: gatewayFeed.wrapped },
      payers: { ...payerCounts, simulators: fleet.allocation },
      roundTrips: { samples: trips.all, inWindow: trips.inWindow, polled: trips.polled, ...trips.close() },
      providerPolls: { polls: inbox.polls, failures: inbox.failures },
      queues: await gateway.queues([...PAYERS, ...providers]),
      payerLicences: PAYERS,
      gatewayPeakRssBytes: Math.max(...finalUsage.map((u) => u.peakRssBytes)),
      memoryTrace,
      tokenRefreshFailures: participants.refreshFailures,
      ...(redis
        ? {
            scaleOut: {
              instanceUrls: gateway.urls,
              payerRequests: gateway.urls.map((_, i) => payerCounts.sent[i] ?? 0),
              peakRssBytes: finalUsage.map((u) => u.peakRssBytes),
            },
          }
        : {}),
    });
    const comparison = options.baseline ? compareWithBaseline(options.baseline, report) : undefined;
    log(`done: stopping payers and servers, removing the data directory${redis ? ' and Redis' : ''}`);
    await cleanup();
    process.stdout.write(
      options.json ? `${JSON.stringify(comparison ? { ...report, comparison } : report, null, 2)}\n` : `${renderText(report)}${comparison ? `\n${renderComparison(comparison)}` : ''}`,
    );
    return 0;
  } finally {
    await cleanup();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

/** Waits until the payers have drained their queues and the last answers reached the providers; seconds waited. */
async function settle(gateway: GatewayInstances, trips: RoundTrips): Promise<number> {
  const started = Date.now();
  const pause = () => new Promise((r) => setTimeout(r, 100));
  while (Date.now() - started < SETTLE_MAX_MS) {
    const depth = (await gateway.queues([...PAYERS])).reduce((sum, q) => sum + q.depth, 0);
    if (depth === 0) break;
    await pause();
  }
  const drained = Date.now();
  while (trips.outstanding > 0 && Date.now() - drained < SETTLE_ANSWERS_MS) await pause();
  return (Date.now() - started) / 1000;
}

function summaryLine(o: PhaseOutput): string {
  const perInstance = o.byInstance.length > 1 ? ` (instances: ${o.byInstance.map((i) => i.responses).join(' / ')} responses)` : '';
  return `${(o.responses / o.durationS).toFixed(1)} req/s, ${o.non2xx} non-2xx, ${o.errors} errors${perInstance}`;
}
