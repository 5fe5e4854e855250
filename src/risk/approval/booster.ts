/**
 * Prediction and per-feature contributions of a boosted tree ensemble, compiled once from its
 * data file. Contributions are Saabas path attributions: walking a tree from its root, each split
 * is credited with the change of node value it causes, so per tree they sum to (leaf - root) and
 * over the ensemble to (log-odds - bias), where bias = baseScore + the sum of root values.
 */
import { numericIndex, type ApprovalFeatures } from './features.js';
import { isSplit, type BoosterData, type Tree } from './model.js';

export class ModelFormatError extends Error {
  readonly code = 'WASL_ERR_MODEL_FORMAT';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelFormatError';
  }
}

/** A node compiled for the hot path: numeric feature names resolved to indexes. */
interface CompiledNode {
  readonly leaf: boolean;
  readonly token: string | undefined;
  readonly index: number;
  readonly threshold: number;
  readonly yes: number;
  readonly no: number;
  readonly value: number;
  readonly reasonYes: string | undefined;
  readonly reasonNo: string | undefined;
  /** The name contributions are grouped under: the token, or the numeric feature's name. */
  readonly feature: string;
}

/** One step of a path: which feature moved the value, by how much, and the branch's reason. */
export interface Contribution {
  readonly feature: string;
  readonly contribution: number;
  readonly reason: string | undefined;
}

export class Booster {
  readonly #baseScore: number;
  readonly #trees: readonly (readonly CompiledNode[])[];
  /** baseScore plus every tree's root value: what the contributions start from. */
  readonly bias: number;

  constructor(data: BoosterData) {
    this.#baseScore = data.baseScore;
    this.#trees = data.trees.map(compileTree);
    this.bias = this.#trees.reduce((sum, tree) => sum + (tree[0]?.value ?? 0), data.baseScore);
  }

  /** Log-odds of approval. */
  margin(features: ApprovalFeatures): number {
    let sum = this.#baseScore;
    for (const tree of this.#trees) sum += tree[leafOf(tree, features)]!.value;
    return sum;
  }

  /**
   * Log-odds and contributions summed per feature and per branch direction ("dx=S83.1" present or
   * "not dx=S83.1"); each keeps the reason of its most negative step.
   */
  explain(features: ApprovalFeatures): { margin: number; contributions: Contribution[] } {
    const byKey = new Map<string, { feature: string; contribution: number; reason: string | undefined; worst: number }>();
    let margin = this.#baseScore;
    for (const tree of this.#trees) {
      let node = tree[0]!;
      while (!node.leaf) {
        const yes = goesYes(node, features);
        const child = tree[yes ? node.yes : node.no]!;
        const delta = child.value - node.value;
        const key = node.token !== undefined && !yes ? `not ${node.feature}` : node.feature;
        const reason = yes ? node.reasonYes : node.reasonNo;
        const seen = byKey.get(key);
        if (!seen) byKey.set(key, { feature: key, contribution: delta, reason, worst: delta });
        else {
          seen.contribution += delta;
          if (delta < seen.worst) {
            seen.worst = delta;
            seen.reason = reason ?? seen.reason;
          }
        }
        node = child;
      }
      margin += node.value;
    }
    const contributions = [...byKey.values()].map(({ feature, contribution, reason }) => ({ feature, contribution, reason }));
    return { margin, contributions };
  }
}

function goesYes(node: CompiledNode, features: ApprovalFeatures): boolean {
  // NaN <= x is false: an unknown number takes the "no" branch, as in training.
  return node.token !== undefined ? features.tokens.has(node.token) : features.numbers[node.index]! <= node.threshold;
}

function leafOf(tree: readonly CompiledNode[], features: ApprovalFeatures): number {
  let at = 0;
  let node = tree[0]!;
  while (!node.leaf) {
    at = goesYes(node, features) ? node.yes : node.no;
    node = tree[at]!;
  }
  return at;
}

function compileTree(tree: Tree, t: number): CompiledNode[] {
  if (tree.length === 0) throw new ModelFormatError(`tree ${t} has no nodes`);
  return tree.map((node, i): CompiledNode => {
    if (!isSplit(node)) {
      if (!Number.isFinite(node.leaf)) throw new ModelFormatError(`tree ${t} node ${i}: leaf is not a number`);
      return { leaf: true, token: undefined, index: -1, threshold: 0, yes: -1, no: -1, value: node.leaf, reasonYes: undefined, reasonNo: undefined, feature: '' };
    }
    const index = node.feature !== undefined ? numericIndex(node.feature) : -1;
    if (node.token === undefined && (index === undefined || index < 0 || typeof node.threshold !== 'number')) {
      throw new ModelFormatError(`tree ${t} node ${i}: unknown feature ${String(node.feature)}`);
    }
    if (!(node.yes > i && node.yes < tree.length && node.no > i && node.no < tree.length)) {
      throw new ModelFormatError(`tree ${t} node ${i}: children out of order`);
    }
    return {
      leaf: false,
      token: node.token,
      index: index ?? -1,
      threshold: node.threshold ?? 0,
      yes: node.yes,
      no: node.no,
      value: node.value,
      reasonYes: node.reasonYes,
      reasonNo: node.reasonNo,
      feature: node.token ?? node.feature!,
    };
  });
}
