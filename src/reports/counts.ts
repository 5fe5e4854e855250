/** Small helpers the report's sections share. */
import type { ReportCountRow } from '../ledger/report-counts.js';
import type { CodeDisplay } from './report-types.js';

/** A code with its displays in both languages and the query's. */
export type CodeOf = (system: CodeDisplay['system'], code: string) => CodeDisplay;

/** Sums of a family's rows by their key (a code, family or reason), most frequent first, ties by key. */
export function countsByKey(rows: readonly ReportCountRow[], family: ReportCountRow['family'], filter: (row: ReportCountRow) => boolean = () => true): [string, number][] {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.family === family && filter(row)) counts.set(row.key, (counts.get(row.key) ?? 0) + row.count);
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

