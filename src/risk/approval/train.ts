/**
 * Training, evaluation and the promotion decision (issue 14, item 2). The latest time slice of the
 * payers' decisions is held out; a candidate is fitted on the rest (one booster for all payers, and
 * one of its own for each payer with at least `minDecisions` decisions in the training slice), then
 * it and the model in use are scored on the held-out slice exactly as the gateway would score them.
 * The candidate is promoted only when it is better there (see `promotionDecision`).
 */
import { createHash } from 'node:crypto';
import { extractFeatures } from './features.js';
import { DEFAULT_GBDT, trainBooster, type GbdtParams, type TrainingExample } from './gbdt.js';
import { HistoryCounter } from './history.js';
import { evaluate } from './metrics.js';
import { MODEL_FORMAT, type BoosterData, type EvaluationSummary, type ModelFile } from './model.js';
import type { LabelledRequest } from './dataset.js';
import { APPROVAL_MODEL_ID } from './prior.js';
import { CompiledModel, sigmoid } from './scorer.js';

export interface TrainOptions {
  /** Decisions a payer needs in the training slice for a booster of its own (default 300). */
  readonly minDecisions?: number;
  readonly seed?: number;
  /** Share of the latest decisions held out (default 0.2). */
  readonly holdoutShare?: number;
  /** A probability at or above which a request would be auto-approved (default 0.9). */
  readonly autoApproveThreshold?: number;
  readonly params?: Partial<GbdtParams>;
  readonly now?: Date;
}

export interface PayerSummary {
  readonly payer: string;
  readonly decisions: number;
  readonly booster: 'own' | 'global';
}

export interface TrainingReport {
  readonly examples: number;
  readonly trainExamples: number;
  readonly holdoutExamples: number;
  readonly holdoutFrom: string | undefined;
  readonly payers: readonly PayerSummary[];
  readonly candidate: EvaluationSummary & { readonly modelId: string; readonly version: string };
  readonly current: EvaluationSummary & { readonly modelId: string; readonly version: string };
  readonly promote: boolean;
  readonly why: string;
}

export class NotEnoughDecisionsError extends Error {
  readonly code = 'WASL_ERR_NOT_ENOUGH_DECISIONS';
  constructor(readonly found: number, readonly needed: number) {
    super(`${found} decided prior authorizations and claims in the store, at least ${needed} are needed to train and hold some out`);
    this.name = 'NotEnoughDecisionsError';
  }
}

/** Least decisions to train on: fewer cannot be split into a training slice and a held-out slice worth the name. */
export const MIN_EXAMPLES = 50;

/** The AUC gain (on the held-out slice) a candidate needs over the model in use. */
export const MIN_AUC_GAIN = 0.005;

export function trainApprovalModel(requests: readonly LabelledRequest[], current: ModelFile, options: TrainOptions = {}): { model: ModelFile; report: TrainingReport } {
  if (requests.length < MIN_EXAMPLES) throw new NotEnoughDecisionsError(requests.length, MIN_EXAMPLES);
  const ordered = [...requests].sort((a, b) => a.receivedAt - b.receivedAt);
  const cut = Math.min(ordered.length - 1, Math.max(1, Math.floor(ordered.length * (1 - (options.holdoutShare ?? 0.2)))));
  const trainSlice = ordered.slice(0, cut);
  const holdout = ordered.slice(cut);
  const params: GbdtParams = { ...DEFAULT_GBDT, ...options.params, seed: options.seed ?? options.params?.seed ?? DEFAULT_GBDT.seed };
  const minDecisions = options.minDecisions ?? 300;
  const fitted = fit(trainSlice, params, minDecisions);
  const threshold = options.autoApproveThreshold ?? 0.9;
  const now = options.now ?? new Date();
  // Evaluated with the history of the training slice only (what it would have known then)...
  const evaluated = modelFile(fitted, historyOf(trainSlice), trainSlice, params, now);
  const candidate = { ...evaluate(...scoreAll(evaluated, holdout), threshold), modelId: evaluated.modelId, version: evaluated.version };
  const inUse = { ...evaluate(...scoreAll(current, holdout), threshold), modelId: current.modelId, version: current.version };
  const { promote, why } = promotionDecision(candidate, inUse);
  // ...and shipped with every decision's history, since it scores traffic after all of them.
  const model: ModelFile = { ...evaluated, history: historyOf(ordered), training: { ...evaluated.training!, holdout: candidate } };
  const report: TrainingReport = {
    examples: ordered.length,
    trainExamples: trainSlice.length,
    holdoutExamples: holdout.length,
    holdoutFrom: holdout[0] ? new Date(holdout[0].receivedAt).toISOString() : undefined,
    payers: fitted.payers,
    candidate,
    current: inUse,
    promote,
    why,
  };
  return { model, report };
}

/**
 * Better means: a higher AUC on the held-out slice by at least MIN_AUC_GAIN and a log loss no
 * worse, or an AUC within MIN_AUC_GAIN and a log loss at least 1 % lower (the same ranking, better
 * probabilities). Log loss, a proper scoring rule, is what judges calibration here: the binned
 * calibration error is reported, but on a held-out slice of a hundred decisions its bins hold a few
 * examples each and it swings by several points between equally good models.
 */
export function promotionDecision(candidate: EvaluationSummary, current: EvaluationSummary): { promote: boolean; why: string } {
  const gain = candidate.auc - current.auc;
  const both = `AUC ${fmt(current.auc)} -> ${fmt(candidate.auc)}, log loss ${fmt(current.logLoss)} -> ${fmt(candidate.logLoss)}`;
  if (gain >= MIN_AUC_GAIN && candidate.logLoss <= current.logLoss) return { promote: true, why: `better on the held-out slice: ${both}` };
  if (Math.abs(gain) < MIN_AUC_GAIN && candidate.logLoss < current.logLoss * 0.99) return { promote: true, why: `same ranking, better probabilities: ${both}` };
  if (gain >= MIN_AUC_GAIN) return { promote: false, why: `higher AUC but worse probabilities: ${both}` };
  return { promote: false, why: `not better on the held-out slice: ${both}` };
}

/** Probabilities the model gives the requests (as the gateway's scorer would) and their labels. */
export function scoreAll(model: ModelFile, requests: readonly LabelledRequest[]): [Float64Array, Uint8Array] {
  const compiled = new CompiledModel(model);
  const probabilities = new Float64Array(requests.length);
  const labels = new Uint8Array(requests.length);
  requests.forEach((request, i) => {
    const explained = compiled.explain(request);
    probabilities[i] = explained ? sigmoid(explained.margin) : sigmoid(model.global.baseScore);
    labels[i] = request.approved ? 1 : 0;
  });
  return [probabilities, labels];
}

interface Fitted {
  readonly global: BoosterData;
  readonly perPayer: Record<string, BoosterData>;
  readonly payers: PayerSummary[];
}

function fit(slice: readonly LabelledRequest[], params: GbdtParams, minDecisions: number): Fitted {
  const examples = trainingExamples(slice);
  const byPayer = new Map<string, TrainingExample[]>();
  slice.forEach((request, i) => {
    const example = examples[i];
    if (!example) return;
    const own = byPayer.get(request.recipient);
    if (own) own.push(example);
    else byPayer.set(request.recipient, [example]);
  });
  const present = examples.filter((e): e is TrainingExample => e !== undefined);
  const perPayer: Record<string, BoosterData> = {};
  const payers: PayerSummary[] = [];
  for (const [payer, own] of [...byPayer].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const enough = own.length >= minDecisions;
    if (enough) perPayer[payer] = trainBooster(own, params);
    payers.push({ payer, decisions: own.length, booster: enough ? 'own' : 'global' });
  }
  return { global: trainBooster(present, params), perPayer, payers };
}

/** Features in time order, each seeing only the decisions answered before it was received. */
function trainingExamples(slice: readonly LabelledRequest[]): (TrainingExample | undefined)[] {
  const history = new HistoryCounter();
  const answers = [...slice].sort((a, b) => a.answeredAt - b.answeredAt);
  let next = 0;
  return slice.map((request) => {
    while (next < answers.length && answers[next]!.answeredAt < request.receivedAt) {
      const done = answers[next++]!;
      history.add(done.sender, done.recipient, done.approved);
    }
    const features = extractFeatures(request, history.get(request.sender, request.recipient));
    return features ? { features, label: request.approved ? 1 : 0, reasons: request.reasons } : undefined;
  });
}

function historyOf(requests: readonly LabelledRequest[]): ModelFile['history'] {
  const history = new HistoryCounter();
  for (const request of requests) history.add(request.sender, request.recipient, request.approved);
  return history.snapshot();
}

function modelFile(fitted: Fitted, history: ModelFile['history'], slice: readonly LabelledRequest[], params: GbdtParams, now: Date): ModelFile {
  const digest = createHash('sha256').update(JSON.stringify([fitted.global, fitted.perPayer])).digest('hex').slice(0, 8);
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    format: MODEL_FORMAT,
    modelId: APPROVAL_MODEL_ID,
    version: `${stamp}-${digest}`,
    createdAt: now.toISOString(),
    global: fitted.global,
    perPayer: fitted.perPayer,
    history,
    training: {
      seed: params.seed,
      examples: slice.length,
      from: new Date(slice[0]!.receivedAt).toISOString(),
      to: new Date(slice[slice.length - 1]!.receivedAt).toISOString(),
      params: { ...params },
    },
  };
}

function fmt(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : 'n/a';
}
