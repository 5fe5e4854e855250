/**
 * What the dashboard draws, independent of how the report is computed (issue 15, item 4): figures,
 * charts over days and tables, each number carrying the path of the same number in the JSON report
 * (`data-path` on the page), so the browser test and a reader can check one against the other.
 * `from-report.ts` builds this from a ComplianceReport; the renderers read only this.
 */
import type { ReportScope } from '../report-types.js';
import type { Unit } from './numbers.js';

/** A number of the report: its value, how to show it, and where it sits in the JSON report. */
export interface Figure {
  readonly label: string;
  readonly value: number | null;
  readonly unit: Unit;
  /** JSON path in the report, e.g. `volumes.accepted` or `trend[2].accepted`. */
  readonly path: string;
}

export interface Series {
  /** A label key of schemas/reports/dashboard-labels.json. */
  readonly label: string;
  readonly points: readonly { readonly day: string; readonly figure: Figure }[];
}

/** Bars for volumes per day, lines for shares over days; always followed by the numbers as a table. */
export interface DayChart {
  readonly kind: 'bars' | 'lines';
  readonly title: string;
  readonly unit: Unit;
  readonly series: readonly Series[];
}

/** A cell is text (a code, a licence, a day) or one of the report's numbers. */
export type Cell = { readonly text: string; readonly display?: boolean } | { readonly figure: Figure };

export interface Table {
  readonly kind: 'table';
  readonly title: string;
  /** Label keys of the column headings. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface FigureGroup {
  readonly kind: 'figures';
  readonly title: string;
  readonly figures: readonly Figure[];
}

export type Section = DayChart | Table | FigureGroup;

export interface DashboardView {
  /** The regulator's sector-wide report, or one participant's own. */
  readonly scope: ReportScope;
  /** Day keys or ISO instants, as the report gives them. */
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  readonly sections: readonly Section[];
}
