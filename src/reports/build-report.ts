/**
 * Builds the ComplianceReport (issue 15) from the report projection's counters and the queue.
 * STUB until the implementation lands (same signature): it throws WASL_ERR_REPORT_UNAVAILABLE.
 */
import type { ComplianceReport, ReportQuery, ReportScope, ReportSource } from './report-types.js';

export class ReportUnavailableError extends Error {
  readonly code = 'WASL_ERR_REPORT_UNAVAILABLE';
  constructor() {
    super('the report builder is not implemented yet');
    this.name = 'ReportUnavailableError';
  }
}

export async function buildComplianceReport(_source: ReportSource, _query: ReportQuery, _scope: ReportScope): Promise<ComplianceReport> {
  throw new ReportUnavailableError();
}
