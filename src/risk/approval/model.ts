/**
 * The approval model as a versioned data file (issue 14, item 2): JSON under `<dataDir>/models/`,
 * read by the scorer and written by `wasl train`. Trees are plain data: a node either asks whether
 * a token is present or whether a number is at most a threshold (NaN, unknown, answers "no").
 */

/** Bumped when the shape below changes; a scorer refuses files of another format. */
export const MODEL_FORMAT = 'wasl-approval-model/1';

export interface SplitNode {
  /** Categorical split: is this token present? */
  readonly token?: string;
  /** Numeric split: is NUMERIC_FEATURES[feature] <= threshold? */
  readonly feature?: string;
  readonly threshold?: number;
  readonly yes: number;
  readonly no: number;
  /** The node's own value (what its leaves would be as one leaf): Saabas path attributions need it. */
  readonly value: number;
  /**
   * The rejection reason the payer gave most often to the training rejections that went down
   * each branch (at least `minReasonSupport` of them): the reason a negative step towards that
   * branch is reported with. Absent when too few rejections carried a reason.
   */
  readonly reasonYes?: string;
  readonly reasonNo?: string;
}

export interface LeafNode {
  readonly leaf: number;
}

export type TreeNode = SplitNode | LeafNode;

/** One tree: nodes[0] is the root; `yes`/`no` index into the same array. */
export type Tree = readonly TreeNode[];

export interface BoosterData {
  /** Log-odds every prediction starts from (the training set's approval rate). */
  readonly baseScore: number;
  readonly trees: readonly Tree[];
  /** Training examples this booster was fitted on. */
  readonly examples: number;
}

export interface EvaluationSummary {
  readonly examples: number;
  readonly approvalRate: number;
  readonly auc: number;
  readonly ece: number;
  readonly logLoss: number;
  readonly autoApproveThreshold: number;
  /** Share of predictions at or above the threshold that the payer approved (NaN when none). */
  readonly precisionAtThreshold: number;
  /** Share of requests scored at or above the threshold. */
  readonly autoApproveShare: number;
}

export interface ModelFile {
  readonly format: typeof MODEL_FORMAT;
  readonly modelId: string;
  readonly version: string;
  readonly createdAt: string;
  readonly global: BoosterData;
  /** Boosters for payers with enough decisions of their own, by payer licence. */
  readonly perPayer: Readonly<Record<string, BoosterData>>;
  /** Each provider's decisions with each payer up to the end of training (`provider|payer`). */
  readonly history: Readonly<Record<string, { readonly approved: number; readonly total: number }>>;
  readonly training?: {
    readonly seed: number;
    readonly examples: number;
    readonly from: string;
    readonly to: string;
    readonly params: Readonly<Record<string, number>>;
    readonly holdout?: EvaluationSummary;
  };
}

export function isSplit(node: TreeNode): node is SplitNode {
  return (node as SplitNode).yes !== undefined;
}

export function historyKey(provider: string, payer: string): string {
  return `${provider}|${payer}`;
}
