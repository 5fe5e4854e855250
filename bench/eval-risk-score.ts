/**
 * The approval score half of `npm run eval:risk` (issue 14, item 2): for each payer policy in
 * bench/approval-policies.json, simulated prior authorizations (src/simulate, as `wasl simulate`
 * builds them) are decided by the policy (src/payer-sim/policy.ts, as `wasl payer-sim --policy`
 * decides them), a model is trained on the first batch exactly as `wasl train` would (time-ordered,
 * latest slice held out for promotion), and scored on a second batch it never saw, generated with
 * another seed: AUC, calibration and precision at the auto-approve threshold there, beside the
 * built-in prior, and the scorer's time per message on the gateway's path (loadApprovalScorer over
 * the promoted model file, bundles already parsed, as the gateway holds them).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decide, parsePolicy, type Policy } from '../src/payer-sim/policy.js';
import type { LabelledRequest } from '../src/risk/approval/dataset.js';
import { evaluate, rocAuc } from '../src/risk/approval/metrics.js';
import type { EvaluationSummary } from '../src/risk/approval/model.js';
import { promoteModel, writeModelFile } from '../src/risk/approval/model-files.js';
import { PRIOR_MODEL } from '../src/risk/approval/prior.js';
import { loadApprovalScorer } from '../src/risk/approval/scorer.js';
import { scoreAll, trainApprovalModel } from '../src/risk/approval/train.js';
import { planTraffic } from '../src/simulate/generate.js';

export interface ScoreEvaluation {
  readonly policy: string;
  readonly trainMessages: number;
  readonly testMessages: number;
  readonly rejectedShare: number;
  readonly prior: EvaluationSummary;
  /** The policy's own rules without noise, as a 0/1 score: the ceiling noise leaves any model. */
  readonly ceilingAuc: number;
  readonly trained: EvaluationSummary;
  readonly promoted: boolean;
  /** Microseconds per message of ApprovalScorer.score on the test messages. */
  readonly latencyUs: { readonly p50: number; readonly p99: number; readonly mean: number };
}

export function loadBenchPolicies(): Record<string, Policy> {
  const file = JSON.parse(readFileSync(join(import.meta.dirname, 'approval-policies.json'), 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(file).filter(([name]) => name !== 'comment').map(([name, raw]) => [name, parsePolicy(raw)]));
}

/** Simulated prior authorizations decided by the policy, one minute apart, as the store would yield them. */
export function decidedTraffic(policy: Policy, count: number, seed: number, start: number): LabelledRequest[] {
  const planned = planTraffic({ events: ['priorauth'], count, seed, runId: `eval-${seed}`, duplicateShare: 0, resendShare: 0 });
  return planned.map((message, i) => {
    const bundle = JSON.parse(message.body) as Record<string, unknown>;
    const decision = decide(bundle, policy);
    return {
      sender: message.sender,
      recipient: message.receiver,
      event: 'priorauth-request',
      bundleId: message.bundleId,
      receivedAt: start + i * 60_000,
      answeredAt: start + i * 60_000 + 1_000,
      bundle,
      approved: decision.decision === 'approve',
      reasons: decision.reason !== undefined && decision.decision === 'reject' ? [decision.reason] : [],
    };
  });
}

export function evaluateScore(name: string, policy: Policy, options: { train: number; test: number; seed: number; threshold?: number }): ScoreEvaluation {
  const threshold = options.threshold ?? 0.9;
  const start = Date.UTC(2026, 0, 1);
  const train = decidedTraffic(policy, options.train, options.seed, start);
  const test = decidedTraffic(policy, options.test, options.seed + 1000, start + options.train * 60_000);
  const { model, report } = trainApprovalModel(train, PRIOR_MODEL, { seed: options.seed, autoApproveThreshold: threshold });
  const dir = mkdtempSync(join(tmpdir(), 'wasl-eval-risk-'));
  try {
    writeModelFile(dir, model);
    promoteModel(dir, model);
    return {
      policy: name,
      trainMessages: train.length,
      testMessages: test.length,
      rejectedShare: test.filter((r) => !r.approved).length / test.length,
      prior: evaluate(...scoreAll(PRIOR_MODEL, test), threshold),
      ceilingAuc: rocAuc(
        test.map((r) => (decide(r.bundle, { ...policy, noise: 0 }).decision === 'approve' ? 1 : 0)),
        test.map((r) => (r.approved ? 1 : 0)),
      ),
      trained: evaluate(...scoreAll(model, test), threshold),
      promoted: report.promote,
      latencyUs: scoringLatency(dir, test),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function scoringLatency(dataDir: string, requests: readonly LabelledRequest[]): ScoreEvaluation['latencyUs'] {
  const scorer = loadApprovalScorer(dataDir);
  const score = (r: LabelledRequest): unknown => scorer.score({ bundle: r.bundle, sender: r.sender, recipient: r.recipient, event: r.event, receivedAt: r.receivedAt });
  for (const r of requests.slice(0, 200)) score(r); // warm-up: JIT and the first promotion check
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const r of requests) {
      const t0 = process.hrtime.bigint();
      score(r);
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: times.reduce((s, t) => s + t, 0) / times.length };
}

export function scoreTable(results: readonly ScoreEvaluation[]): string {
  const head = `${'policy'.padEnd(20)}${'train'.padStart(7)}${'test'.padStart(6)}${'reject'.padStart(8)}${'AUC prior'.padStart(11)}${'AUC'.padStart(8)}${'ceiling'.padStart(9)}${'ECE'.padStart(8)}${'prec@0.9'.padStart(10)}${'auto'.padStart(7)}${'p50 us'.padStart(9)}${'p99 us'.padStart(9)}`;
  const f = (v: number, d = 3): string => (Number.isFinite(v) ? v.toFixed(d) : '-');
  const rows = results.map(
    (r) =>
      `${r.policy.padEnd(20)}${String(r.trainMessages).padStart(7)}${String(r.testMessages).padStart(6)}${f(r.rejectedShare).padStart(8)}${f(r.prior.auc).padStart(11)}${f(r.trained.auc).padStart(8)}${f(r.ceilingAuc).padStart(9)}${f(r.trained.ece).padStart(8)}${f(r.trained.precisionAtThreshold).padStart(10)}${f(r.trained.autoApproveShare).padStart(7)}${f(r.latencyUs.p50, 1).padStart(9)}${f(r.latencyUs.p99, 1).padStart(9)}`,
  );
  return [head, ...rows].join('\n');
}
