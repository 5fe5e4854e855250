/**
 * The report's risk section (issue 15, item 2; the results of issue 14): DetectedIssue counts by
 * FWA family, provider and payer, and the RiskAssessment probability buckets against the payers'
 * first decisions. Entries from before the risk stage carry no risk facts and count nowhere here.
 */
import type { ReportCountRow } from '../ledger/report-counts.js';
import { countsByKey, type CodeOf } from './counts.js';
import { PROBABILITY_BUCKETS, type RiskFigures } from './report-types.js';

export function buildRisk(rows: readonly ReportCountRow[], code: CodeOf): RiskFigures {
  const scores = Array.from({ length: PROBABILITY_BUCKETS }, (_, i) => ({ from: i / PROBABILITY_BUCKETS, to: (i + 1) / PROBABILITY_BUCKETS, assessed: 0, approved: 0, rejected: 0 }));
  const providers = new Map<string, number>();
  const payers = new Map<string, number>();
  let detectedIssues = 0;
  for (const row of rows) {
    if (row.family === 'f') {
      detectedIssues += row.count;
      providers.set(row.requester, (providers.get(row.requester) ?? 0) + row.count);
      payers.set(row.addressee, (payers.get(row.addressee) ?? 0) + row.count);
      continue;
    }
    if (row.family !== 'd' || !row.key.startsWith('prob:')) continue;
    const [, bucket, decision] = row.key.split(':');
    const cell = scores[Number(bucket)];
    if (!cell) continue;
    if (decision === undefined) cell.assessed += row.count;
    else if (decision === 'approved') cell.approved += row.count;
    else if (decision === 'rejected') cell.rejected += row.count;
  }
  const sorted = (counts: Map<string, number>): [string, number][] => [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  return {
    assessed: scores.reduce((n, s) => n + s.assessed, 0),
    detectedIssues,
    byFamily: countsByKey(rows, 'f').map(([family, count]) => ({ family: code('fwa-family', family), count })),
    byProvider: sorted(providers).map(([provider, count]) => ({ provider, count })),
    byPayer: sorted(payers).map(([payer, count]) => ({ payer, count })),
    scores,
  };
}
