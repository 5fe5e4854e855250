/**
 * The FWA half of `npm run eval:risk` (issue 14, "What it must show"): precision and recall of each
 * family on the labelled set of bench/fwa-cases.ts, run through the real risk stage against a real
 * LMDB store in a temporary directory, and the time the stage adds per message (every message the
 * set sends, history reads and earlier-decision reads included; the history write is part of the
 * accept and not counted).
 *
 * A family is judged on its own cases: positives it must fire on, the matching clean cases it must
 * stay silent on. Its firings on other families' cases are shown beside (`elsewhere`): some are
 * right by design (a second claim on the same day is also a near duplicate), so they are reported,
 * not counted as false positives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAMILY_IDS, type FamilyId } from '../src/risk/fwa/family.js';
import { Rng } from '../src/simulate/rng.js';
import { LmdbStore } from '../src/store/embedded/lmdb-store.js';
import { fwaCases, outlierPeers } from './fwa-cases.js';

export interface FamilyEvaluation {
  readonly family: FamilyId;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  readonly precision: number;
  readonly recall: number;
  /** Firings on the probes of other families' cases. */
  readonly elsewhere: number;
}

export interface FwaEvaluation {
  readonly cases: number;
  readonly messages: number;
  readonly families: readonly FamilyEvaluation[];
  /** The risk stage's time per message, milliseconds. */
  readonly stageMs: { readonly p50: number; readonly p99: number; readonly mean: number };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export async function evaluateFwa(options: { perFamily: number; seed: number }): Promise<FwaEvaluation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-eval-fwa-'));
  const store = LmdbStore.open({ dataDir });
  const timings: number[] = [];
  const counts = new Map(FAMILY_IDS.map((f) => [f, { tp: 0, fp: 0, fn: 0, tn: 0, elsewhere: 0 }]));
  const cases = fwaCases(options.perFamily, options.seed);
  try {
    await outlierPeers(store, new Rng(options.seed + 1), timings);
    for (const c of cases) {
      const fired = new Set(await c.run(store, timings));
      const own = counts.get(c.family)!;
      const hit = fired.has(c.family);
      if (c.positive) hit ? own.tp++ : own.fn++;
      else hit ? own.fp++ : own.tn++;
      for (const other of fired) if (other !== c.family) counts.get(other as FamilyId)!.elsewhere++;
    }
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const sorted = [...timings].sort((a, b) => a - b);
  return {
    cases: cases.length,
    messages: timings.length,
    families: [...counts].map(([family, n]) => ({
      family,
      truePositives: n.tp,
      falsePositives: n.fp,
      falseNegatives: n.fn,
      trueNegatives: n.tn,
      precision: n.tp + n.fp === 0 ? Number.NaN : n.tp / (n.tp + n.fp),
      recall: n.tp + n.fn === 0 ? Number.NaN : n.tp / (n.tp + n.fn),
      elsewhere: n.elsewhere,
    })),
    stageMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean: sorted.reduce((s, t) => s + t, 0) / Math.max(1, sorted.length) },
  };
}

export function fwaTable(result: FwaEvaluation): string {
  const f = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '-');
  const head = `${'family'.padEnd(18)}${'TP'.padStart(5)}${'FP'.padStart(5)}${'FN'.padStart(5)}${'TN'.padStart(5)}${'precision'.padStart(11)}${'recall'.padStart(8)}${'elsewhere'.padStart(11)}`;
  const rows = result.families.map(
    (r) => `${r.family.padEnd(18)}${String(r.truePositives).padStart(5)}${String(r.falsePositives).padStart(5)}${String(r.falseNegatives).padStart(5)}${String(r.trueNegatives).padStart(5)}${f(r.precision).padStart(11)}${f(r.recall).padStart(8)}${String(r.elsewhere).padStart(11)}`,
  );
  const latency = `risk stage per message (${result.messages} messages): p50 ${result.stageMs.p50.toFixed(3)} ms, p99 ${result.stageMs.p99.toFixed(3)} ms, mean ${result.stageMs.mean.toFixed(3)} ms`;
  return [head, ...rows, '', latency].join('\n');
}
