/**
 * Turns the measured phases into the report: one row per phase and per target, the
 * gateway/echo ratios, and what happened to the gateway's messages. Counts and timings only.
 */
import { availableParallelism, cpus } from 'node:os';
import type { BenchOptions } from './options.js';
import type { PoolSummary } from './message-pool.js';
import type { PayerCounts } from './payers.js';
import type { PhaseOutput } from './run-autocannon.js';
import { OutcomeTable, Samples } from './stats.js';
import type { QueueDepth, TargetName } from './targets.js';

export interface MeasuredPhase {
  readonly target: TargetName;
  readonly round: number;
  readonly output: PhaseOutput;
  /** CPU time of the target's server process(es) during the phase, µs (all instances together). */
  readonly serverCpuMicros: number;
  /** Scaled-out gateway: each instance's CPU time during the phase, µs, in instance order. */
  readonly instanceCpuMicros?: readonly number[];
  /** Scaled-out gateway: the redis-server's CPU time during the phase, µs (undefined if unreadable). */
  readonly redisCpuMicros?: number;
  /** CPU time of this process (autocannon, payer simulators), µs. */
  readonly loadgenCpuMicros: number;
}

export interface RunFacts {
  readonly options: BenchOptions;
  readonly pool: PoolSummary;
  readonly phases: readonly MeasuredPhase[];
  readonly feed: { renewed: number; substituted: number; skipped: number; wrapped: number };
  readonly payers: PayerCounts & { simulators: Readonly<Record<string, number>> };
  readonly queues: readonly QueueDepth[];
  readonly payerLicences: readonly string[];
  readonly gatewayRssBytes: number;
  readonly tokenRefreshFailures: number;
  /** Set when the gateway ran scaled out over Redis. */
  readonly scaleOut?: ScaleOutFacts;
}

export interface ScaleOutFacts {
  readonly instanceUrls: readonly string[];
  /** Payer requests (polls, answers, acknowledgements) each instance received. */
  readonly payerRequests: readonly number[];
  readonly rssBytes: readonly number[];
}

interface Row {
  target: TargetName;
  round: number | 'all';
  durationS: number;
  responses: number;
  reqPerS: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  serverCpuMsPerReq: number;
  serverCpuPct: number;
  loadgenCpuPct: number;
}

export function buildReport(facts: RunFacts) {
  const rows = facts.phases.map((p) => row(p.target, p.round, [p]));
  const totals = (['echo', 'gateway'] as const).map((target) => row(target, 'all', facts.phases.filter((p) => p.target === target)));
  const [echo, gateway] = totals as [Row, Row];
  const outcomes = new OutcomeTable();
  for (const p of facts.phases) if (p.target === 'gateway') outcomes.addAll(p.output.outcomes);

  const valid = outcomes.counts().valid ?? {};
  const accepted = (valid.answered ?? 0) + (valid.queued ?? 0) + (valid['timed-out'] ?? 0) + (valid.acknowledged ?? 0);
  const latency = (outcome: 'answered' | 'queued' | 'timed-out') => {
    const s = outcomes.samples('valid', outcome);
    const [p50, p99] = s.percentiles(50, 99);
    return { count: s.size, p50Ms: round(p50!), p99Ms: round(p99!) };
  };
  const depth = (licences: (l: string) => boolean) => facts.queues.filter((q) => licences(q.licence)).reduce((sum, q) => sum + q.depth, 0);

  return {
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` },
    options: facts.options,
    pool: facts.pool,
    phases: rows,
    targets: { echo, gateway },
    ratio: {
      reqPerS: round(gateway.reqPerS / echo.reqPerS, 4),
      p50: round(gateway.p50Ms / echo.p50Ms, 2),
      p99: round(gateway.p99Ms / echo.p99Ms, 2),
      serverCpuMsPerReq: round(gateway.serverCpuMsPerReq / echo.serverCpuMsPerReq, 2),
    },
    gateway: {
      accepted,
      acceptedPerS: round(accepted / gateway.durationS, 1),
      outcomes: outcomes.counts(),
      roundTrip: { answeredInWindow: latency('answered'), queued: latency('queued'), timedOut: latency('timed-out') },
      feed: facts.feed,
      payers: facts.payers,
      queuesAtEnd: {
        payers: depth((l) => facts.payerLicences.includes(l)),
        providers: depth((l) => !facts.payerLicences.includes(l)),
      },
      rssMB: Math.round(facts.gatewayRssBytes / 1024 / 1024),
      tokenRefreshFailures: facts.tokenRefreshFailures,
    },
    store: { kind: facts.options.store, instances: facts.options.instances },
    ...(facts.scaleOut ? { scaleOut: scaleOutReport(facts.scaleOut, facts.phases.filter((p) => p.target === 'gateway'), echo) } : {}),
  };
}

/** Per-instance figures over all gateway phases, and what Redis cost on top of the instances. */
function scaleOutReport(facts: ScaleOutFacts, phases: readonly MeasuredPhase[], echo: Row) {
  const durationS = phases.reduce((sum, p) => sum + p.output.durationS, 0);
  const responses = phases.reduce((sum, p) => sum + p.output.responses, 0);
  const instances = facts.instanceUrls.map((url, i) => {
    const latencies = new Samples();
    let count = 0;
    let non2xx = 0;
    let cpu = 0;
    for (const p of phases) {
      const own = p.output.byInstance[i];
      if (own) {
        count += own.responses;
        non2xx += own.non2xx;
        latencies.addAll(own.latencies);
      }
      cpu += p.instanceCpuMicros?.[i] ?? 0;
    }
    const [p50, p99] = latencies.percentiles(50, 99);
    return {
      instance: i + 1,
      url,
      responses: count,
      reqPerS: round(count / durationS, 1),
      share: round(count / Math.max(1, responses), 3),
      p50Ms: round(p50!),
      p99Ms: round(p99!),
      non2xx,
      serverCpuMsPerReq: round(cpu / 1000 / Math.max(1, count), 3),
      serverCpuPct: round((cpu / 1e6 / durationS) * 100, 0),
      payerRequests: facts.payerRequests[i] ?? 0,
      rssMB: Math.round((facts.rssBytes[i] ?? 0) / 1024 / 1024),
    };
  });
  const redisKnown = phases.every((p) => p.redisCpuMicros !== undefined);
  const redisCpu = phases.reduce((sum, p) => sum + (p.redisCpuMicros ?? 0), 0);
  const gatewayCpu = phases.reduce((sum, p) => sum + p.serverCpuMicros, 0);
  const totalMsPerReq = (gatewayCpu + redisCpu) / 1000 / Math.max(1, responses);
  return {
    instances,
    redis: redisKnown
      ? {
          cpuMsPerReq: round(redisCpu / 1000 / Math.max(1, responses), 3),
          cpuPct: round((redisCpu / 1e6 / durationS) * 100, 0),
          /** Instances plus Redis, per gateway response, against the echo server's CPU per response. */
          withGatewayCpuMsPerReq: round(totalMsPerReq, 3),
          ratioToEcho: round(totalMsPerReq / echo.serverCpuMsPerReq, 2),
        }
      : undefined,
  };
}

export type Report = ReturnType<typeof buildReport>;

function row(target: TargetName, roundNo: number | 'all', phases: readonly MeasuredPhase[]): Row {
  const latencies = new Samples();
  const statusCodes: Record<string, number> = {};
  let durationS = 0;
  let responses = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let serverCpu = 0;
  let loadgenCpu = 0;
  for (const p of phases) {
    latencies.addAll(p.output.latencies);
    for (const [code, count] of Object.entries(p.output.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
    durationS += p.output.durationS;
    responses += p.output.responses;
    non2xx += p.output.non2xx;
    errors += p.output.errors;
    timeouts += p.output.timeouts;
    serverCpu += p.serverCpuMicros;
    loadgenCpu += p.loadgenCpuMicros;
  }
  const [p50, p90, p99] = latencies.percentiles(50, 90, 99);
  return {
    target,
    round: roundNo,
    durationS: round(durationS, 2),
    responses,
    reqPerS: round(responses / durationS, 1),
    p50Ms: round(p50!),
    p90Ms: round(p90!),
    p99Ms: round(p99!),
    non2xx,
    errors,
    timeouts,
    statusCodes,
    serverCpuMsPerReq: round(serverCpu / 1000 / Math.max(1, responses), 3),
    serverCpuPct: round((serverCpu / 1e6 / durationS) * 100, 0),
    loadgenCpuPct: round((loadgenCpu / 1e6 / durationS) * 100, 0),
  };
}

export function renderText(report: Report): string {
  const o = report.options;
  const g = report.gateway;
  const valid = g.outcomes.valid ?? {};
  const invalid = g.outcomes.invalid ?? {};
  const duplicate = g.outcomes.duplicate ?? {};
  const validTotal = sum(valid);
  const pct = (n: number | undefined, of: number) => (of > 0 ? `${(((n ?? 0) / of) * 100).toFixed(1)}%` : '-');
  const lines: string[] = [];
  lines.push(
    `Wasl bench: ${o.rounds} round(s) x ${o.durationS} s per target, ${o.connections} connections, sync window ${o.syncWindowMs} ms, ` +
      `${report.machine.cpus} CPU(s), Node ${report.machine.node}`,
  );
  lines.push(
    `pool ${report.pool.size} bodies from ${report.pool.samples} samples, mean ${(report.pool.meanBodyBytes / 1024).toFixed(1)} KiB: ` +
      `valid ${report.pool.kinds.valid} (eligibility ${report.pool.categories.eligibility}, prior auth ${report.pool.categories.priorauth}, claims ${report.pool.categories.claim}), ` +
      `invalid ${report.pool.kinds.invalid}, duplicates ${report.pool.kinds.duplicate}`,
  );
  if (report.scaleOut) {
    lines.push(
      `store: redis (throwaway redis-server, AOF, appendfsync always), ${report.store.instances} gateway instance(s), ` +
        `connections and payer requests spread round-robin; srv columns of "gateway" add up all instances`,
    );
  }
  lines.push('');
  const header = ['target', 'round', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'srv CPU ms/req', 'srv CPU %', 'loadgen CPU %'];
  const table = [...report.phases, report.targets.echo, report.targets.gateway].map((r) => [
    r.target,
    String(r.round),
    r.reqPerS.toFixed(1),
    ms(r.p50Ms),
    ms(r.p99Ms),
    String(r.non2xx),
    r.timeouts > 0 ? `${r.errors} (${r.timeouts} timeouts)` : String(r.errors),
    r.serverCpuMsPerReq.toFixed(3),
    String(r.serverCpuPct),
    String(r.loadgenCpuPct),
  ]);
  lines.push(...columns([header, ...table]));
  lines.push('');
  lines.push(
    `ratio gateway/echo: req/s x${report.ratio.reqPerS} (echo ${(1 / report.ratio.reqPerS).toFixed(1)}x the throughput), ` +
      `p50 x${report.ratio.p50}, p99 x${report.ratio.p99}, server CPU per request x${report.ratio.serverCpuMsPerReq}`,
  );
  if (report.scaleOut) {
    lines.push('');
    const instanceHeader = ['instance', 'responses', 'share', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'srv CPU ms/req', 'srv CPU %', 'payer requests', 'RSS MB'];
    const instanceRows = report.scaleOut.instances.map((r) => [
      String(r.instance),
      String(r.responses),
      `${(r.share * 100).toFixed(1)}%`,
      r.reqPerS.toFixed(1),
      ms(r.p50Ms),
      ms(r.p99Ms),
      String(r.non2xx),
      r.serverCpuMsPerReq.toFixed(3),
      String(r.serverCpuPct),
      String(r.payerRequests),
      String(r.rssMB),
    ]);
    lines.push(...columns([instanceHeader, ...instanceRows]));
    const redis = report.scaleOut.redis;
    lines.push(
      redis
        ? `redis-server: ${redis.cpuMsPerReq.toFixed(3)} CPU ms per gateway response (${redis.cpuPct}% CPU), not in srv CPU above; ` +
            `instances + redis ${redis.withGatewayCpuMsPerReq.toFixed(3)} ms/req = x${redis.ratioToEcho} the echo's CPU per request`
        : 'redis-server: CPU time not readable here (/proc)',
    );
  }
  lines.push('');
  lines.push(`gateway accepted ${g.accepted} valid messages in ${report.targets.gateway.durationS} s = ${g.acceptedPerS} accepted/s (not rejected, not duplicates)`);
  lines.push(
    `  valid (${validTotal} responses): payer answered in window ${valid.answered ?? 0} (${pct(valid.answered, validTotal)}), queued ${valid.queued ?? 0} (${pct(valid.queued, validTotal)}), ` +
      `timed out GE-00012 ${valid['timed-out'] ?? 0}, rejected ${valid.rejected ?? 0}${others(valid, ['answered', 'queued', 'timed-out', 'rejected'])}`,
  );
  lines.push(
    `  round trip: answered in window p50 ${ms(g.roundTrip.answeredInWindow.p50Ms)} ms, p99 ${ms(g.roundTrip.answeredInWindow.p99Ms)} ms; ` +
      `queued answers p50 ${ms(g.roundTrip.queued.p50Ms)} ms; timed out p50 ${ms(g.roundTrip.timedOut.p50Ms)} ms`,
  );
  lines.push(`  invalid (${sum(invalid)} responses): rejected ${invalid.rejected ?? 0}${others(invalid, ['rejected'])}`);
  lines.push(
    `  duplicates (${sum(duplicate)} responses): stored payer answer replayed ${duplicate.answered ?? 0}, queued ${duplicate.queued ?? 0}, ` +
      `timed out ${duplicate['timed-out'] ?? 0}, rejected ${duplicate.rejected ?? 0}${others(duplicate, ['answered', 'queued', 'timed-out', 'rejected'])}` +
      (g.feed.substituted > 0 ? ` (${g.feed.substituted} resent another answered message: their original was still in flight)` : ''),
  );
  const answers = Object.values(g.payers.answers).reduce((a, b) => a + b, 0);
  lines.push(
    `  payers:     simulators ${Object.entries(g.payers.simulators).map(([l, n]) => `${l} x${n}`).join(', ')}: ` +
      `${answers} answers sent, ${g.payers.refusedAnswers} refused, ${g.payers.failures} poll/send failures`,
  );
  lines.push(
    `  queues at end: ${g.queuesAtEnd.payers} requests unanswered in payer queues, ${g.queuesAtEnd.providers} answers waiting in provider queues (came after the window); ` +
      `gateway RSS ${g.rssMB} MB${report.scaleOut ? ' (all instances)' : ''}`,
  );
  if (g.feed.wrapped > 0) lines.push(`  pool wrapped ${g.feed.wrapped} time(s): ${g.feed.renewed} bodies re-rendered with fresh ids`);
  if (g.tokenRefreshFailures > 0) lines.push(`  token refresh failures: ${g.tokenRefreshFailures}`);
  return `${lines.join('\n')}\n`;
}

function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '-';
}

function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function others(counts: Record<string, number>, known: string[]): string {
  const rest = Object.entries(counts).filter(([k]) => !known.includes(k));
  return rest.length === 0 ? '' : `, other: ${rest.map(([k, v]) => `${k} ${v}`).join(', ')}`;
}

function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
