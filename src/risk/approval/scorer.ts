/**
 * The approval score (issue 14, item 2): the probability that the payer approves a prior
 * authorization or claim as sent, with the main reasons against it, from the promoted model in
 * `<dataDir>/models/` (the built-in prior until one is trained). Synchronous and cheap: one pass
 * over the bundle and a few hundred tree nodes, well under the inline checks' millisecond. A
 * running gateway follows promotions: the pointer file is stat'ed at most once a second and the
 * model re-read when it changed.
 */
import { packagePath } from '../../package-root.js';
import { Booster, type Contribution } from './booster.js';
import { extractFeatures, SCORED_EVENTS } from './features.js';
import { historyKey, type ModelFile } from './model.js';
import { pointerStamp, readPromotedModel } from './model-files.js';
import { PRIOR_MODEL } from './prior.js';
import { loadReasonCatalogue, type ReasonCatalogue } from './reason-codes.js';

export interface ApprovalReason {
  /** An NPHIES adjudication reason code (e.g. 'MN-1-1'), or the feature's name when none fits. */
  readonly code: string;
  readonly display?: string;
  /** Change in log-odds of approval this feature caused (negative: towards rejection). */
  readonly contribution: number;
  /** The feature: a token such as 'dx=S83.1' or 'not si=lab-test', or a number's name ('net'). */
  readonly feature: string;
}

export interface ApprovalScore {
  /** Predicted probability of approval, 0..1. */
  readonly probability: number;
  readonly modelId: string;
  readonly modelVersion: string;
  /** Most negative contributions first (at most `maxReasons`). */
  readonly reasons: readonly ApprovalReason[];
}

export interface ScoreRequest {
  readonly bundle: Record<string, unknown>;
  readonly sender: string;
  readonly recipient: string;
  readonly event: string;
  readonly receivedAt: number;
}

export interface ApprovalScorer {
  /** undefined: not a prior authorization or claim (or no Claim in the bundle). */
  score(request: ScoreRequest): ApprovalScore | undefined;
  /** The model scoring now (after following any promotion). */
  current(): { readonly modelId: string; readonly version: string };
}

export interface ScorerOptions {
  readonly schemasDir?: string;
  /** How often the pointer may be stat'ed, in ms (default 1000). */
  readonly checkEveryMs?: number;
  readonly maxReasons?: number;
  /** Contributions smaller than this (in log-odds) are not reasons. */
  readonly minContribution?: number;
  readonly now?: () => number;
  /**
   * A promoted model that cannot be read (a format this gateway does not know, a file removed):
   * scoring goes on with the model it had (the prior at start) and this is told once per change
   * of the pointer, so a bad file never stops messages.
   */
  readonly onError?: (problem: unknown) => void;
}

/** A model compiled for scoring. */
export class CompiledModel {
  readonly file: ModelFile;
  readonly #global: Booster;
  readonly #perPayer: ReadonlyMap<string, Booster>;

  constructor(file: ModelFile) {
    this.file = file;
    this.#global = new Booster(file.global);
    this.#perPayer = new Map(Object.entries(file.perPayer).map(([payer, data]) => [payer, new Booster(data)]));
  }

  boosterFor(payer: string): Booster {
    return this.#perPayer.get(payer) ?? this.#global;
  }

  /** Log-odds and contributions of a request (undefined without a Claim). */
  explain(request: Pick<ScoreRequest, 'bundle' | 'sender' | 'recipient'>): { margin: number; contributions: Contribution[] } | undefined {
    const features = extractFeatures(request, this.file.history[historyKey(request.sender, request.recipient)]);
    return features ? this.boosterFor(request.recipient).explain(features) : undefined;
  }
}

export function loadApprovalScorer(dataDir: string, options: ScorerOptions = {}): ApprovalScorer {
  const catalogue = loadReasonCatalogue(options.schemasDir ?? packagePath('schemas'));
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const now = options.now ?? Date.now;
  const load = (fallback: CompiledModel): CompiledModel => {
    try {
      // The pointer is renamed into place after the model file is complete: read both now.
      return new CompiledModel(readPromotedModel(dataDir) ?? PRIOR_MODEL);
    } catch (problem) {
      // Never silent: without a handler it is a process warning (pino picks those up in the gateway's logs).
      if (options.onError) options.onError(problem);
      else process.emitWarning(problem instanceof Error ? problem.message : String(problem), { code: 'WASL_ERR_MODEL_FORMAT' });
      return fallback;
    }
  };
  let stamp = stampOrUndefined(dataDir);
  let model = load(new CompiledModel(PRIOR_MODEL));
  let checkedAt = now();
  const follow = (): void => {
    const at = now();
    if (at - checkedAt < checkEveryMs) return;
    checkedAt = at;
    const seen = stampOrUndefined(dataDir);
    if (seen === stamp) return;
    stamp = seen;
    model = load(model);
  };
  return {
    score(request) {
      if (!SCORED_EVENTS.has(request.event)) return undefined;
      follow();
      return scoreWith(model, request, catalogue, options);
    },
    current() {
      follow();
      return { modelId: model.file.modelId, version: model.file.version };
    },
  };
}

/** The pointer's stamp; a stat that fails for another reason than absence reads as "unchanged" next time. */
function stampOrUndefined(dataDir: string): string | undefined {
  try {
    return pointerStamp(dataDir);
  } catch {
    return undefined;
  }
}

export function scoreWith(model: CompiledModel, request: ScoreRequest, catalogue: ReasonCatalogue, options: Pick<ScorerOptions, 'maxReasons' | 'minContribution'> = {}): ApprovalScore | undefined {
  const explained = model.explain(request);
  if (!explained) return undefined;
  const minContribution = options.minContribution ?? 0.05;
  const reasons = explained.contributions
    .filter((c) => c.contribution <= -minContribution)
    .sort((a, b) => a.contribution - b.contribution)
    .slice(0, options.maxReasons ?? 3)
    .map((c): ApprovalReason => {
      const display = c.reason !== undefined ? catalogue.get(c.reason) : undefined;
      return { code: c.reason ?? c.feature, ...(display !== undefined ? { display } : {}), contribution: round4(c.contribution), feature: c.feature };
    });
  return { probability: sigmoid(explained.margin), modelId: model.file.modelId, modelVersion: model.file.version, reasons };
}

export function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
