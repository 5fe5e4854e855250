/**
 * How good a probability of approval is, on examples the model did not see: ROC AUC (ranking),
 * expected calibration error (do 80 % predictions come true 80 % of the time?), log loss, and the
 * precision of auto-approving at a threshold (of the requests scored at or above it, how many the
 * payer approved).
 */
import type { EvaluationSummary } from './model.js';

/** ROC AUC by ranks (Mann-Whitney U), ties counted half; 0.5 when one class is missing. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Expected calibration error over equal-width bins: the size-weighted gap between mean prediction and outcome rate. */
export function expectedCalibrationError(probabilities: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): number {
  const count = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  const observed = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b]!++;
    predicted[b]! += p;
    observed[b]! += labels[i]!;
  }
  let error = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) error += Math.abs(predicted[b]! - observed[b]!);
  return probabilities.length > 0 ? error / probabilities.length : 0;
}

export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, probabilities[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return probabilities.length > 0 ? sum / probabilities.length : 0;
}

export function evaluate(probabilities: ArrayLike<number>, labels: ArrayLike<number>, autoApproveThreshold: number): EvaluationSummary {
  let above = 0;
  let approvedAbove = 0;
  let approved = 0;
  for (let i = 0; i < probabilities.length; i++) {
    approved += labels[i]!;
    if (probabilities[i]! >= autoApproveThreshold) {
      above++;
      approvedAbove += labels[i]!;
    }
  }
  const n = probabilities.length;
  return {
    examples: n,
    approvalRate: n > 0 ? approved / n : Number.NaN,
    auc: rocAuc(probabilities, labels),
    ece: expectedCalibrationError(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
    autoApproveThreshold,
    precisionAtThreshold: above > 0 ? approvedAbove / above : Number.NaN,
    autoApproveShare: n > 0 ? above / n : Number.NaN,
  };
}
