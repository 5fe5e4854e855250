/**
 * `--baseline FILE`: this run's headline figures beside those of an earlier `--json` report, with
 * the change. Same machine, same options, or the comparison says little; the options that differ
 * are named.
 */
import { readFileSync } from 'node:fs';
import { columns, round, type Report } from './report.js';

interface Metric {
  readonly name: string;
  readonly read: (r: Report) => number | undefined;
  /** True when a larger value is better. */
  readonly higherIsBetter: boolean;
}

const METRICS: readonly Metric[] = [
  { name: 'accepted messages/s', read: (r) => r.gateway.acceptedPerS, higherIsBetter: true },
  { name: 'gateway req/s', read: (r) => r.targets.gateway.reqPerS, higherIsBetter: true },
  { name: 'submission p50 ms', read: (r) => r.gateway.submission.p50Ms, higherIsBetter: false },
  { name: 'submission p90 ms', read: (r) => r.gateway.submission.p90Ms, higherIsBetter: false },
  { name: 'submission p99 ms', read: (r) => r.gateway.submission.p99Ms, higherIsBetter: false },
  { name: 'round trip p50 ms', read: (r) => r.gateway.roundTrip.p50Ms, higherIsBetter: false },
  { name: 'round trip p99 ms', read: (r) => r.gateway.roundTrip.p99Ms, higherIsBetter: false },
  { name: 'gateway CPU ms/req', read: (r) => r.gateway.cpuMsPerRequest.gateway, higherIsBetter: false },
  { name: 'payers CPU ms/req', read: (r) => r.gateway.cpuMsPerRequest.payers, higherIsBetter: false },
  { name: 'gateway peak RSS MB', read: (r) => r.gateway.peakRssMB, higherIsBetter: false },
  { name: 'echo req/s', read: (r) => r.targets.echo.reqPerS, higherIsBetter: true },
  { name: 'ratio accepted/s to echo', read: (r) => r.ratio.acceptedPerS, higherIsBetter: true },
  { name: 'ratio CPU/req to echo', read: (r) => r.ratio.serverCpuMsPerReq, higherIsBetter: false },
];

const COMPARED_OPTIONS = ['preset', 'durationS', 'warmupS', 'rounds', 'connections', 'syncWindowMs', 'payerSims', 'waitS', 'invalidShare', 'duplicateShare', 'store', 'instances'] as const;

export interface Comparison {
  readonly file: string;
  readonly differingOptions: string[];
  readonly metrics: { name: string; baseline: number | null; current: number | null; change: number | null; better: boolean | null }[];
}

export function compareWithBaseline(file: string, current: Report): Comparison {
  let earlier: Report;
  try {
    earlier = JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch (problem) {
    throw new Error(`--baseline ${file}: not a readable JSON report (${problem instanceof Error ? problem.message : String(problem)})`, { cause: problem });
  }
  if (!earlier?.gateway || !earlier.targets) throw new Error(`--baseline ${file}: not a wasl bench --json report`);
  const differingOptions = COMPARED_OPTIONS.filter((key) => JSON.stringify(earlier.options?.[key]) !== JSON.stringify(current.options[key])).map(
    (key) => `${key} ${JSON.stringify(earlier.options?.[key])} -> ${JSON.stringify(current.options[key])}`,
  );
  const metrics = METRICS.map((metric) => {
    const safe = (r: Report) => {
      try {
        const v = metric.read(r);
        return typeof v === 'number' && Number.isFinite(v) ? v : null;
      } catch {
        return null;
      }
    };
    const baseline = safe(earlier);
    const value = safe(current);
    const change = baseline !== null && value !== null && baseline !== 0 ? round((value - baseline) / baseline, 4) : null;
    return { name: metric.name, baseline, current: value, change, better: change === null || change === 0 ? null : change > 0 === metric.higherIsBetter };
  });
  return { file, differingOptions, metrics };
}

export function renderComparison(c: Comparison): string {
  const lines = [`compared with ${c.file}${c.differingOptions.length > 0 ? ` (options differ: ${c.differingOptions.join(', ')})` : ''}:`];
  lines.push(
    ...columns([
      ['metric', 'baseline', 'this run', 'change'],
      ...c.metrics.map((m) => [
        m.name,
        m.baseline === null ? '-' : String(m.baseline),
        m.current === null ? '-' : String(m.current),
        m.change === null ? '-' : `${m.change > 0 ? '+' : ''}${(m.change * 100).toFixed(1)}%${m.better === null ? '' : m.better ? ' better' : ' worse'}`,
      ]),
    ]),
  );
  return `${lines.join('\n')}\n`;
}
