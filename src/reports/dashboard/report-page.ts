/**
 * A ComplianceReport as one standalone HTML page (no script, no external resource): what
 * `GET /reports/compliance?format=html`, `GET /reports/mine?format=html` and
 * `wasl report --format html` answer. The language is the report's own unless one is asked for.
 */
import type { ComplianceReport } from '../report-types.js';
import { dashboardView } from './from-report.js';
import type { DashboardLabels, Language } from './labels.js';
import { renderReportDocument } from './render-html.js';

export function reportPage(labels: DashboardLabels): (report: ComplianceReport, language?: Language) => string {
  return (report, language = report.language) => renderReportDocument(dashboardView(report, language), { labels, language });
}
