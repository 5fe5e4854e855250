/**
 * The counts behind one set of headline figures (the whole scope, one day, one group): rows of the
 * report projection are added in, figures are read out. Kept apart from the report's shape so the
 * same sum serves totals, trend and groups.
 */
import type { ReportCountRow } from '../ledger/report-counts.js';
import { TURNAROUND_BOUNDS_MS, type HeadlineFigures, type Percentiles, type Ratio } from './report-types.js';

export class Tally {
  accepted = 0;
  rejected = 0;
  clean = 0;
  mds = 0;
  mdsOk = 0;
  items = 0;
  sbsItems = 0;
  answered = 0;
  inWindow = 0;
  priorauths = 0;
  priorauthsInWindow = 0;
  approved = 0;
  declined = 0;
  detectedIssues = 0;
  readonly histogram: number[] = TURNAROUND_BOUNDS_MS.map(() => 0);

  add(row: ReportCountRow): void {
    switch (row.family) {
      case 'd':
        this.#metric(row);
        return;
      case 't':
        this.histogram[Number(row.key)] = (this.histogram[Number(row.key)] ?? 0) + row.count;
        return;
      case 'f':
        this.detectedIssues += row.count;
        return;
      default:
        return;
    }
  }

  #metric({ key, count, event }: ReportCountRow): void {
    switch (key) {
      case 'accepted':
        this.accepted += count;
        if (event === 'priorauth-request') this.priorauths += count;
        return;
      case 'rejected':
        this.rejected += count;
        return;
      case 'clean':
        this.clean += count;
        return;
      case 'mds':
        this.mds += count;
        return;
      case 'mds-ok':
        this.mdsOk += count;
        return;
      case 'items':
        this.items += count;
        return;
      case 'sbs-items':
        this.sbsItems += count;
        return;
      case 'answered':
        this.answered += count;
        return;
      case 'in-window':
        this.inWindow += count;
        if (event === 'priorauth-request') this.priorauthsInWindow += count;
        return;
      case 'decision:approved':
        this.approved += count;
        return;
      case 'decision:rejected':
        this.declined += count;
        return;
      default:
        return;
    }
  }

  figures(): HeadlineFigures {
    return {
      accepted: this.accepted,
      rejected: this.rejected,
      firstPass: ratio(this.accepted, this.accepted + this.rejected),
      mds: ratio(this.mdsOk, this.mds),
      billingCodes: ratio(this.sbsItems, this.items),
      dataQuality: ratio(this.clean, this.accepted + this.rejected),
      turnaround: percentiles(this.histogram),
      inWindow: ratio(this.inWindow, this.answered),
      priorauthsInWindow: ratio(this.priorauthsInWindow, this.priorauths),
      approved: ratio(this.approved, this.approved + this.declined),
      detectedIssues: this.detectedIssues,
    };
  }
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000 };
}

/**
 * p50/p90/p99 as the upper bound of the bucket holding the answer of rank ceil(p × n) (nearest
 * rank): exact to the bucket, whatever the number of answers.
 */
export function percentiles(histogram: readonly number[]): Percentiles {
  const answered = histogram.reduce((a, b) => a + b, 0);
  const at = (p: number): number | null => {
    if (answered === 0) return null;
    const rank = Math.ceil(p * answered);
    let seen = 0;
    for (const [i, n] of histogram.entries()) {
      seen += n;
      if (seen >= rank) return TURNAROUND_BOUNDS_MS[i] ?? null;
    }
    return null;
  };
  return { answered, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}
