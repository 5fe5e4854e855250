/**
 * Gradient-boosted decision trees with logistic loss (Friedman 2001; second-order leaf weights as
 * in XGBoost, Chen & Guestrin 2016 eq. 5-7), written here rather than pulled in: a few hundred
 * lines, no native code, and a model file we define. Splits ask "is token t present?" (diagnosis,
 * service, ...) or "is number n <= x?" (quantile cut points), so a depth-3 tree can learn
 * "this diagnosis with that service is rejected". Seeded: the same examples, in the same order,
 * with the same seed give the same trees.
 */
import { NUMERIC_FEATURES, type ApprovalFeatures } from './features.js';
import type { BoosterData, TreeNode } from './model.js';

export interface TrainingExample {
  readonly features: ApprovalFeatures;
  /** 1 approved as sent, 0 rejected. */
  readonly label: 0 | 1;
  /** The payer's rejection reason codes (empty when approved or none given). */
  readonly reasons: readonly string[];
}

export interface GbdtParams {
  readonly trees: number;
  readonly depth: number;
  readonly learningRate: number;
  /** L2 penalty on leaf weights. */
  readonly lambda: number;
  /** Least hessian (about p(1-p) per example) a child may hold. */
  readonly minChildWeight: number;
  /** Tokens seen fewer times are not split on (rare codes would only fit noise). */
  readonly minTokenCount: number;
  /** Share of examples each tree sees (seeded). */
  readonly subsample: number;
  /** Least rejections sharing a reason before a branch carries it. */
  readonly minReasonSupport: number;
  readonly seed: number;
}

export const DEFAULT_GBDT: GbdtParams = Object.freeze({
  trees: 120,
  depth: 3,
  learningRate: 0.15,
  lambda: 1,
  minChildWeight: 1,
  minTokenCount: 5,
  subsample: 0.8,
  minReasonSupport: 3,
  seed: 1,
});

/** Cut points per numeric feature: at most this many quantiles. */
const MAX_CUTS = 32;
const NAN_BIN = 255;

/** The training data in the shape the split search reads. */
interface Matrix {
  readonly rows: number;
  readonly vocabulary: readonly string[];
  /** Token ids of each row, ascending. */
  readonly tokenIds: readonly Int32Array[];
  /** Per numeric feature: its cut points and each row's bin (NAN_BIN when unknown). */
  readonly cuts: readonly Float64Array[];
  readonly bins: readonly Uint8Array[];
  readonly labels: Float64Array;
  readonly reasons: readonly (readonly string[])[];
}

interface Split {
  readonly gain: number;
  readonly token?: number;
  readonly feature?: number;
  readonly bin?: number;
}

export function trainBooster(examples: readonly TrainingExample[], params: GbdtParams = DEFAULT_GBDT): BoosterData {
  const matrix = buildMatrix(examples, params.minTokenCount);
  const rate = clamp(mean(matrix.labels), 1e-4, 1 - 1e-4);
  const baseScore = Math.log(rate / (1 - rate));
  const margins = new Float64Array(matrix.rows).fill(baseScore);
  const grad = new Float64Array(matrix.rows);
  const hess = new Float64Array(matrix.rows);
  const random = mulberry32(params.seed);
  const trees: TreeNode[][] = [];
  for (let t = 0; t < params.trees; t++) {
    for (let i = 0; i < matrix.rows; i++) {
      const p = 1 / (1 + Math.exp(-margins[i]!));
      grad[i] = p - matrix.labels[i]!;
      hess[i] = Math.max(p * (1 - p), 1e-6);
    }
    const rows = sampleRows(matrix.rows, params.subsample, random);
    const builder = new TreeBuilder(matrix, grad, hess, params);
    builder.grow(rows, 0);
    trees.push(builder.nodes);
    for (let i = 0; i < matrix.rows; i++) margins[i]! += builder.predict(i);
  }
  return { baseScore, trees, examples: matrix.rows };
}

class TreeBuilder {
  readonly nodes: TreeNode[] = [];
  /** The split of each node in matrix terms (token id, bin), undefined for leaves. */
  readonly #splits: (Split | undefined)[] = [];
  readonly #m: Matrix;
  readonly #grad: Float64Array;
  readonly #hess: Float64Array;
  readonly #p: GbdtParams;
  readonly #tokG: Float64Array;
  readonly #tokH: Float64Array;

  constructor(matrix: Matrix, grad: Float64Array, hess: Float64Array, params: GbdtParams) {
    this.#m = matrix;
    this.#grad = grad;
    this.#hess = hess;
    this.#p = params;
    this.#tokG = new Float64Array(matrix.vocabulary.length);
    this.#tokH = new Float64Array(matrix.vocabulary.length);
  }

  /** Appends the subtree over `rows` (pre-order, so children follow their parent); returns its root's index. */
  grow(rows: Int32Array, depth: number): number {
    let g = 0;
    let h = 0;
    for (const r of rows) {
      g += this.#grad[r]!;
      h += this.#hess[r]!;
    }
    const value = (-this.#p.learningRate * g) / (h + this.#p.lambda);
    const at = this.nodes.length;
    const split = depth < this.#p.depth && h >= 2 * this.#p.minChildWeight ? this.#bestSplit(rows, g, h) : undefined;
    this.#splits.push(split);
    if (!split) {
      this.nodes.push({ leaf: value });
      return at;
    }
    const goesYes = (r: number): boolean => splitsYes(this.#m, split, r);
    const yesRows = rows.filter(goesYes);
    const noRows = rows.filter((r) => !goesYes(r));
    this.nodes.push({ leaf: 0 }); // placeholder: replaced once the children's indexes are known
    const yes = this.grow(yesRows, depth + 1);
    const no = this.grow(noRows, depth + 1);
    const reasonYes = topReason(this.#m, yesRows, this.#p.minReasonSupport);
    const reasonNo = topReason(this.#m, noRows, this.#p.minReasonSupport);
    this.nodes[at] = {
      ...(split.token !== undefined
        ? { token: this.#m.vocabulary[split.token]! }
        : { feature: NUMERIC_FEATURES[split.feature!]!, threshold: this.#m.cuts[split.feature!]![split.bin!]! }),
      yes,
      no,
      value,
      ...(reasonYes !== undefined ? { reasonYes } : {}),
      ...(reasonNo !== undefined ? { reasonNo } : {}),
    };
    return at;
  }

  /** This tree's output for a row (any row: those left out of its subsample too). */
  predict(r: number): number {
    let at = 0;
    for (;;) {
      const node = this.nodes[at]!;
      const split = this.#splits[at];
      if (!split || 'leaf' in node) return 'leaf' in node ? node.leaf : 0;
      at = splitsYes(this.#m, split, r) ? node.yes : node.no;
    }
  }

  #bestSplit(rows: Int32Array, g: number, h: number): Split | undefined {
    const { lambda, minChildWeight } = this.#p;
    const parent = (g * g) / (h + lambda);
    let best: Split | undefined;
    const consider = (gl: number, hl: number, make: (gain: number) => Split): void => {
      const gr = g - gl;
      const hr = h - hl;
      if (hl < minChildWeight || hr < minChildWeight) return;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = make(gain);
    };
    // Tokens: sums over the rows holding each token; touched ids in ascending order for a stable tie-break.
    const touched: number[] = [];
    for (const r of rows) {
      for (const id of this.#m.tokenIds[r]!) {
        if (this.#tokH[id] === 0) touched.push(id);
        this.#tokG[id]! += this.#grad[r]!;
        this.#tokH[id]! += this.#hess[r]!;
      }
    }
    touched.sort((a, b) => a - b);
    for (const id of touched) {
      consider(this.#tokG[id]!, this.#tokH[id]!, (gain) => ({ gain, token: id }));
      this.#tokG[id] = 0;
      this.#tokH[id] = 0;
    }
    // Numbers: histogram over the cut-point bins, swept from the lowest ("<= cut" is yes).
    for (let f = 0; f < this.#m.cuts.length; f++) {
      const cuts = this.#m.cuts[f]!;
      if (cuts.length === 0) continue;
      const hg = new Float64Array(cuts.length);
      const hh = new Float64Array(cuts.length);
      const bins = this.#m.bins[f]!;
      for (const r of rows) {
        const b = bins[r]!;
        if (b === NAN_BIN) continue;
        hg[b]! += this.#grad[r]!;
        hh[b]! += this.#hess[r]!;
      }
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < cuts.length - 1; b++) {
        gl += hg[b]!;
        hl += hh[b]!;
        consider(gl, hl, (gain) => ({ gain, feature: f, bin: b }));
      }
    }
    return best;
  }
}

function splitsYes(m: Matrix, split: Split, r: number): boolean {
  if (split.token !== undefined) return binaryHas(m.tokenIds[r]!, split.token);
  const b = m.bins[split.feature!]![r]!;
  return b !== NAN_BIN && b <= split.bin!;
}

/** The reason code most rejections among `rows` carry, when at least `support` of them do. */
function topReason(m: Matrix, rows: Int32Array, support: number): string | undefined {
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (m.labels[r] !== 0) continue;
    for (const code of m.reasons[r]!) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let best: string | undefined;
  let most = support - 1;
  for (const [code, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (n > most) {
      best = code;
      most = n;
    }
  }
  return best;
}

function buildMatrix(examples: readonly TrainingExample[], minTokenCount: number): Matrix {
  const counts = new Map<string, number>();
  for (const e of examples) for (const token of e.features.tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, n]) => n >= minTokenCount).map(([token]) => token).sort();
  const ids = new Map(vocabulary.map((token, i) => [token, i]));
  const tokenIds = examples.map((e) => Int32Array.from([...e.features.tokens].map((t) => ids.get(t)).filter((id): id is number => id !== undefined)).sort());
  const cuts: Float64Array[] = [];
  const bins: Uint8Array[] = [];
  for (let f = 0; f < NUMERIC_FEATURES.length; f++) {
    const values = examples.map((e) => e.features.numbers[f]!);
    const featureCuts = quantileCuts(values.filter((v) => !Number.isNaN(v)));
    cuts.push(featureCuts);
    bins.push(Uint8Array.from(values, (v) => (Number.isNaN(v) ? NAN_BIN : lowerBound(featureCuts, v))));
  }
  return {
    rows: examples.length,
    vocabulary,
    tokenIds,
    cuts,
    bins,
    labels: Float64Array.from(examples, (e) => e.label),
    reasons: examples.map((e) => e.reasons),
  };
}

/** Distinct quantiles of the values (ascending); a value falls in the first bin whose cut is >= it. */
function quantileCuts(values: number[]): Float64Array {
  if (values.length === 0) return new Float64Array(0);
  const sorted = [...values].sort((a, b) => a - b);
  const cuts = new Set<number>();
  for (let q = 1; q <= MAX_CUTS; q++) cuts.add(sorted[Math.min(sorted.length - 1, Math.ceil((q / MAX_CUTS) * sorted.length) - 1)]!);
  return Float64Array.from([...cuts].sort((a, b) => a - b));
}

function lowerBound(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function binaryHas(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function sampleRows(n: number, share: number, random: () => number): Int32Array {
  if (share >= 1) return Int32Array.from({ length: n }, (_, i) => i);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (random() < share) rows.push(i);
  return Int32Array.from(rows);
}

/** mulberry32: a small seeded generator, enough for row sampling. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length > 0 ? sum / values.length : 0.5;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
