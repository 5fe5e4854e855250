/**
 * Turns the measured phases into the report: one row per phase and per target, the gateway's
 * figures (accepted messages per second, submission latency, round trip to the payer and back,
 * errors by kind, CPU per request of every process, peak memory) and its ratio to the parsing
 * echo. Counts and timings only: nothing from a message is kept.
 */
import { availableParallelism, cpus } from 'node:os';
import type { BenchOptions } from './options.js';
import type { PoolSummary } from './message-pool.js';
import type { PayerCounts } from './payers.js';
import type { PhaseOutput } from './run-autocannon.js';
import { OutcomeTable, Samples } from './stats.js';
import type { QueueDepth, TargetName } from './targets.js';

export const TARGETS: readonly TargetName[] = ['echo', 'echo-raw', 'gateway'];

export interface MeasuredPhase {
  readonly target: TargetName;
  readonly round: number;
  readonly output: PhaseOutput;
  /** CPU time of the target's server process(es), µs (all instances together). */
  readonly serverCpuMicros: number;
  /** Scaled-out gateway: each instance's CPU time, µs, in instance order. */
  readonly instanceCpuMicros?: readonly number[];
  /** Scaled-out gateway: the redis-server's CPU time, µs (undefined if unreadable). */
  readonly redisCpuMicros?: number;
  /** Each payer process's CPU time, µs, by licence (gateway phases). */
  readonly payerCpuMicros: Readonly<Record<string, number>>;
  /** CPU time of this process (autocannon, the providers' polls), µs. */
  readonly loadgenCpuMicros: number;
  /** Gateway phases: seconds after the load until the payer queues were empty (not in req/s; its CPU is counted). */
  readonly settleS: number;
}

export interface RoundTripFacts {
  readonly samples: Samples;
  readonly inWindow: number;
  readonly polled: number;
  readonly outstanding: number;
  readonly unmatched: number;
}

export interface RunFacts {
  readonly options: BenchOptions;
  readonly pool: PoolSummary;
  readonly phases: readonly MeasuredPhase[];
  /** Outcomes of every gateway phase, warm-up included: what the delivery check counts. */
  readonly allGatewayOutcomes: OutcomeTable;
  readonly feed: { renewed: number; substituted: number; skipped: number; wrapped: number };
  readonly payers: PayerCounts & { simulators: Readonly<Record<string, number>> };
  readonly roundTrips: RoundTripFacts;
  readonly providerPolls: { polls: number; failures: number };
  readonly queues: readonly QueueDepth[];
  readonly payerLicences: readonly string[];
  readonly gatewayPeakRssBytes: number;
  /** The gateway's resident memory sampled through the measured phases (all instances summed). */
  readonly memoryTrace: readonly MemorySample[];
  readonly tokenRefreshFailures: number;
  /** Set when the gateway ran scaled out over Redis. */
  readonly scaleOut?: ScaleOutFacts;
}

export interface ScaleOutFacts {
  readonly instanceUrls: readonly string[];
  /** Payer requests (polls, answers, acknowledgements) each instance received. */
  readonly payerRequests: readonly number[];
  readonly peakRssBytes: readonly number[];
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
  /** CPU per response of the target's process(es), ms. */
  serverCpuMsPerReq: number;
  serverCpuPct: number;
  /** CPU per response of the payer processes together, ms (gateway only). */
  payersCpuMsPerReq: number;
  loadgenCpuMsPerReq: number;
  loadgenCpuPct: number;
}

const ACCEPTED = ['answered', 'queued', 'timed-out', 'acknowledged'] as const;

export function buildReport(facts: RunFacts) {
  const rows = facts.phases.map((p) => row(p.target, p.round, [p]));
  const totals = Object.fromEntries(TARGETS.map((target) => [target, row(target, 'all', facts.phases.filter((p) => p.target === target))])) as Record<TargetName, Row>;
  const { echo, gateway } = totals;
  const gatewayPhases = facts.phases.filter((p) => p.target === 'gateway');
  const outcomes = new OutcomeTable();
  for (const p of gatewayPhases) outcomes.addAll(p.output.outcomes);

  const acceptedIn = (table: OutcomeTable) => ACCEPTED.reduce((sum, o) => sum + table.count('valid', o), 0);
  const accepted = acceptedIn(outcomes);
  const everAccepted = acceptedIn(facts.allGatewayOutcomes);
  const depth = (licences: (l: string) => boolean) => facts.queues.filter((q) => licences(q.licence)).reduce((sum, q) => sum + q.depth, 0);
  const responses = gateway.responses;
  const perReq = (micros: number) => round(micros / 1000 / Math.max(1, responses), 3);
  const payerCpu = (licence: string) => gatewayPhases.reduce((sum, p) => sum + (p.payerCpuMicros[licence] ?? 0), 0);
  const redisKnown = gatewayPhases.length > 0 && gatewayPhases.every((p) => p.redisCpuMicros !== undefined);
  const rt = facts.roundTrips;
  const [rt50, rt90, rt99] = rt.samples.percentiles(50, 90, 99);
  const gatewayCpu = gatewayPhases.reduce((sum, p) => sum + p.serverCpuMicros, 0);

  return {
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` },
    options: facts.options,
    pool: facts.pool,
    phases: rows,
    targets: totals,
    ratio: {
      /** Gateway responses per second against the parsing echo's. */
      reqPerS: round(gateway.reqPerS / echo.reqPerS, 4),
      acceptedPerS: round(accepted / Math.max(1e-9, gateway.durationS) / echo.reqPerS, 4),
      p50: round(gateway.p50Ms / echo.p50Ms, 2),
      p99: round(gateway.p99Ms / echo.p99Ms, 2),
      serverCpuMsPerReq: round(gateway.serverCpuMsPerReq / echo.serverCpuMsPerReq, 2),
      /** The same against the raw echo (no JSON work): the HTTP floor. */
      rawReqPerS: round(gateway.reqPerS / totals['echo-raw'].reqPerS, 4),
    },
    gateway: {
      accepted,
      acceptedPerS: round(accepted / Math.max(1e-9, gateway.durationS), 1),
      submission: { p50Ms: gateway.p50Ms, p90Ms: gateway.p90Ms, p99Ms: gateway.p99Ms },
      roundTrip: { count: rt.samples.size, inWindow: rt.inWindow, throughProviderPoll: rt.polled, p50Ms: round(rt50!), p90Ms: round(rt90!), p99Ms: round(rt99!), outstanding: rt.outstanding },
      errors: errorsByKind(facts, outcomes, gatewayPhases),
      cpuMsPerRequest: {
        gateway: perReq(gatewayCpu),
        payers: perReq(facts.payerLicences.reduce((sum, l) => sum + payerCpu(l), 0)),
        byPayer: Object.fromEntries(facts.payerLicences.map((l) => [l, perReq(payerCpu(l))])),
        loadGenerator: perReq(gatewayPhases.reduce((sum, p) => sum + p.loadgenCpuMicros, 0)),
        ...(redisKnown ? { redis: perReq(gatewayPhases.reduce((sum, p) => sum + p.redisCpuMicros!, 0)) } : {}),
      },
      peakRssMB: Math.round(facts.gatewayPeakRssBytes / 1024 / 1024),
      memory: memoryOverTime(facts.memoryTrace),
      settleS: round(gatewayPhases.reduce((sum, p) => sum + p.settleS, 0), 1),
      delivery: {
        /** Valid messages accepted in every gateway phase, warm-up included. */
        accepted: everAccepted,
        /** Distinct messages the payers received by polling. */
        reachedPayer: facts.payers.delivered,
        missing: Math.max(0, everAccepted - facts.payers.delivered),
        payerQueuesAtEnd: depth((l) => facts.payerLicences.includes(l)),
        providerQueuesAtEnd: depth((l) => !facts.payerLicences.includes(l)),
      },
      outcomes: outcomes.counts(),
      feed: facts.feed,
      payers: { ...facts.payers, byPayer: undefined, simulators: facts.payers.simulators },
      providerPolls: facts.providerPolls,
      tokenRefreshFailures: facts.tokenRefreshFailures,
    },
    store: { kind: facts.options.store, instances: facts.options.instances, workers: facts.options.workers },
    ...(facts.scaleOut ? { scaleOut: scaleOutReport(facts.scaleOut, gatewayPhases) } : {}),
  };
}

export type Report = ReturnType<typeof buildReport>;

function errorsByKind(facts: RunFacts, outcomes: OutcomeTable, phases: readonly MeasuredPhase[]): Record<string, number> {
  const errors: Record<string, number> = {};
  const add = (kind: string, n: number) => {
    if (n > 0) errors[kind] = (errors[kind] ?? 0) + n;
  };
  for (const p of phases) {
    for (const [code, n] of Object.entries(p.output.statusCodes)) if (!code.startsWith('2')) add(`http-${code}`, n);
    add('connection errors', p.output.errors - p.output.timeouts);
    add('timeouts', p.output.timeouts);
  }
  add('valid message rejected', outcomes.count('valid', 'rejected'));
  add('invalid message accepted', ACCEPTED.reduce((sum, o) => sum + outcomes.count('invalid', o), 0));
  add('unreadable answer', outcomes.count('valid', 'unreadable') + outcomes.count('invalid', 'unreadable') + outcomes.count('duplicate', 'unreadable'));
  add('payer answer refused', facts.payers.refusedAnswers);
  add('payer poll or send failed', facts.payers.failures);
  add('provider poll failed', facts.providerPolls.failures);
  add('answer never reached the provider', facts.roundTrips.outstanding);
  add('answer matching no request', facts.roundTrips.unmatched);
  add('token refresh failed', facts.tokenRefreshFailures);
  return errors;
}

/** Per-instance figures over all gateway phases. */
function scaleOutReport(facts: ScaleOutFacts, phases: readonly MeasuredPhase[]) {
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
      payerRequests: facts.payerRequests[i] ?? 0,
      peakRssMB: Math.round((facts.peakRssBytes[i] ?? 0) / 1024 / 1024),
    };
  });
  return { instances };
}

function row(target: TargetName, roundNo: number | 'all', phases: readonly MeasuredPhase[]): Row {
  const latencies = new Samples();
  const statusCodes: Record<string, number> = {};
  let durationS = 0;
  let cpuS = 0;
  let responses = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let serverCpu = 0;
  let payersCpu = 0;
  let loadgenCpu = 0;
  for (const p of phases) {
    latencies.addAll(p.output.latencies);
    for (const [code, count] of Object.entries(p.output.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
    durationS += p.output.durationS;
    cpuS += p.output.durationS + p.settleS;
    responses += p.output.responses;
    non2xx += p.output.non2xx;
    errors += p.output.errors;
    timeouts += p.output.timeouts;
    serverCpu += p.serverCpuMicros;
    payersCpu += Object.values(p.payerCpuMicros).reduce((a, b) => a + b, 0);
    loadgenCpu += p.loadgenCpuMicros;
  }
  const [p50, p90, p99] = latencies.percentiles(50, 90, 99);
  const perReq = (micros: number) => round(micros / 1000 / Math.max(1, responses), 3);
  return {
    target,
    round: roundNo,
    durationS: round(durationS, 2),
    responses,
    reqPerS: round(responses / Math.max(1e-9, durationS), 1),
    p50Ms: round(p50!),
    p90Ms: round(p90!),
    p99Ms: round(p99!),
    non2xx,
    errors,
    timeouts,
    statusCodes,
    serverCpuMsPerReq: perReq(serverCpu),
    serverCpuPct: round((serverCpu / 1e6 / Math.max(1e-9, cpuS)) * 100, 0),
    payersCpuMsPerReq: perReq(payersCpu),
    loadgenCpuMsPerReq: perReq(loadgenCpu),
    loadgenCpuPct: round((loadgenCpu / 1e6 / Math.max(1e-9, cpuS)) * 100, 0),
  };
}

export function renderText(report: Report): string {
  const o = report.options;
  const g = report.gateway;
  const lines: string[] = [];
  const m = report.machine;
  lines.push(
    `Wasl bench (${o.preset}): ${o.rounds} round(s) x ${o.durationS} s per target after ${o.warmupS} s warm-up, ${o.connections} connections, ` +
      `sync window ${o.syncWindowMs} ms, long poll ${o.waitS} s, store ${o.store}${o.store === 'redis' ? ` x${o.instances}` : ''}${o.workers > 1 ? `, ${o.workers} worker processes each` : ''}; ${m.cpus} CPU(s) ${m.cpuModel}, Node ${m.node}`,
  );
  const p = report.pool;
  const c = p.categories;
  lines.push(
    `pool ${p.size} bodies, mean ${(p.meanBodyBytes / 1024).toFixed(1)} KiB: valid ${p.kinds.valid} (eligibility ${c.eligibility}, prior auth ${c.priorauth}, claims ${c.claim}, ` +
      `communication ${c.communication}, status ${c.status}, cancel ${c.cancel}), invalid ${p.kinds.invalid}, duplicates ${p.kinds.duplicate}`,
    '',
  );
  const header = ['target', 'round', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'non-2xx', 'errors', 'srv CPU ms/req', 'payers ms/req', 'loadgen ms/req'];
  const table = [...report.phases, ...TARGETS.map((t) => report.targets[t])].map((r) => [
    r.target, String(r.round), r.reqPerS.toFixed(1), fixed(r.p50Ms), fixed(r.p90Ms), fixed(r.p99Ms), String(r.non2xx), String(r.errors),
    r.serverCpuMsPerReq.toFixed(3), r.target === 'gateway' ? r.payersCpuMsPerReq.toFixed(3) : '-', r.loadgenCpuMsPerReq.toFixed(3),
  ]);
  lines.push(...columns([header, ...table]), '');

  const echo = report.targets.echo;
  const errors = Object.entries(g.errors);
  const cpu = g.cpuMsPerRequest;
  const d = g.delivery;
  lines.push(
    ...columns([
      ['accepted messages/s', `${g.acceptedPerS.toFixed(1)}  (${g.accepted} accepted in ${report.targets.gateway.durationS} s; parsing echo ${echo.reqPerS.toFixed(1)} req/s: ratio x${report.ratio.acceptedPerS})`],
      ['submission latency', `p50 ${fixed(g.submission.p50Ms)} ms, p90 ${fixed(g.submission.p90Ms)} ms, p99 ${fixed(g.submission.p99Ms)} ms  (echo p50 ${fixed(echo.p50Ms)}, p99 ${fixed(echo.p99Ms)})`],
      ['round trip to payer and back', `p50 ${fixed(g.roundTrip.p50Ms)} ms, p99 ${fixed(g.roundTrip.p99Ms)} ms  (${g.roundTrip.count}: ${g.roundTrip.inWindow} in the window, ${g.roundTrip.throughProviderPoll} by the provider's poll)`],
      [
        'CPU per request, ms',
        `gateway ${cpu.gateway.toFixed(3)}, payers ${cpu.payers.toFixed(3)} (${Object.entries(cpu.byPayer).map(([l, v]) => `${l} ${v.toFixed(3)}`).join(', ')}), ` +
          `load generator ${cpu.loadGenerator.toFixed(3)}${cpu.redis !== undefined ? `, redis ${cpu.redis.toFixed(3)}` : ''}; echo ${echo.serverCpuMsPerReq.toFixed(3)}, raw echo ${report.targets['echo-raw'].serverCpuMsPerReq.toFixed(3)}`,
      ],
      ['ratio gateway/echo', `req/s x${report.ratio.reqPerS} (raw echo x${report.ratio.rawReqPerS}), p50 x${report.ratio.p50}, p99 x${report.ratio.p99}, server CPU per request x${report.ratio.serverCpuMsPerReq}`],
      ['peak memory (RSS)', `gateway ${g.peakRssMB} MB`],
      ...(g.memory ? [['memory over the run', `gateway ${g.memory.firstQuarterMB} MB in the first quarter of the measured time, ${g.memory.lastQuarterMB} MB in the last (${g.memory.samples} samples, ${g.memory.growthPct >= 0 ? '+' : ''}${g.memory.growthPct}%); JS heap ${g.memory.heapFirstQuarterMB} then ${g.memory.heapLastQuarterMB} MB`] as [string, string]] : []),
      ['errors', errors.length === 0 ? 'none' : errors.map(([kind, n]) => `${kind} ${n}`).join(', ')],
      ['delivery', `${d.accepted} accepted, ${d.reachedPayer} reached their payer, ${d.missing} missing; queues at end: payers ${d.payerQueuesAtEnd}, providers ${d.providerQueuesAtEnd}`],
      ['outcomes', Object.entries(g.outcomes).map(([kind, byOutcome]) => `${kind}: ${Object.entries(byOutcome).map(([x, n]) => `${x} ${n}`).join(', ')}`).join('; ')],
      [
        'payers',
        `${g.payers.polls} polls (${g.payers.emptyPolls} empty), ${g.payers.handled} messages handled, answers ${Object.entries(g.payers.answers).map(([e, n]) => `${e} ${n}`).join(', ')}; ` +
          `simulators ${Object.entries(g.payers.simulators).map(([l, n]) => `${l} x${n}`).join(', ')}; settle after the load ${g.settleS} s`,
      ],
    ]),
  );
  if (report.scaleOut) {
    lines.push('', 'instances:');
    lines.push(...columns([
      ['instance', 'responses', 'share', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'CPU ms/req', 'payer requests', 'peak RSS MB'],
      ...report.scaleOut.instances.map((i) => [String(i.instance), String(i.responses), i.share.toFixed(3), i.reqPerS.toFixed(1), fixed(i.p50Ms), fixed(i.p99Ms), String(i.non2xx), i.serverCpuMsPerReq.toFixed(3), String(i.payerRequests), String(i.peakRssMB)]),
    ]));
  }
  return `${lines.join('\n')}\n`;
}

/** Left-aligned columns, two spaces apart. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

function fixed(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(2);
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** One reading of the gateway's resident memory, seconds into the measured gateway time. */
export interface MemorySample {
  readonly atS: number;
  readonly rssBytes: number;
  readonly heapBytes: number;
}

/**
 * Whether memory stays flat (issue 12: a 10-minute soak, `--duration 600`): the mean of the first
 * and last quarters of the samples; undefined with fewer than 4.
 */
function memoryOverTime(trace: readonly MemorySample[]): { samples: number; firstQuarterMB: number; lastQuarterMB: number; growthPct: number; heapFirstQuarterMB: number; heapLastQuarterMB: number } | undefined {
  if (trace.length < 4) return undefined;
  const quarter = Math.max(1, Math.floor(trace.length / 4));
  const meanMB = (part: readonly MemorySample[], of: (sample: MemorySample) => number) => part.reduce((sum, sample) => sum + of(sample), 0) / part.length / 1024 / 1024;
  const first = meanMB(trace.slice(0, quarter), (s) => s.rssBytes);
  const last = meanMB(trace.slice(-quarter), (s) => s.rssBytes);
  return {
    samples: trace.length,
    firstQuarterMB: Math.round(first),
    lastQuarterMB: Math.round(last),
    growthPct: Math.round(((last - first) / first) * 1000) / 10,
    heapFirstQuarterMB: Math.round(meanMB(trace.slice(0, quarter), (s) => s.heapBytes)),
    heapLastQuarterMB: Math.round(meanMB(trace.slice(-quarter), (s) => s.heapBytes)),
  };
}
