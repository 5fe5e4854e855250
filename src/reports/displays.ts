/**
 * The display texts a report shows beside its codes (issue 15): rule codes from the code catalogue
 * (official NPHIES rules and Wasl's own, English and Arabic), adjudication reasons from the NPHIES
 * rejection-reason appendix (English only: the official list has no Arabic, so Arabic falls back),
 * FWA families from their CodeSystem's designations. Read once when the reports are set up.
 */
import type { CodeCatalogue, Language } from '../findings/catalogue.js';
import { loadReasonCatalogue } from '../risk/approval/reason-codes.js';
import { loadFwaCodeSystem } from '../risk/fwa-code-system.js';
import type { CodeDisplay, ReportDisplays } from './report-types.js';

export function loadReportDisplays(schemasDir: string, catalogue: Pick<CodeCatalogue, 'display'>): ReportDisplays {
  const reasons = loadReasonCatalogue(schemasDir);
  const families = loadFwaCodeSystem(schemasDir);
  return {
    display(system: CodeDisplay['system'], code: string, language: Language): string {
      switch (system) {
        case 'rule':
          return catalogue.display(code, language);
        case 'adjudication-reason':
          return reasons.get(code) ?? code;
        case 'fwa-family':
          return families.display(code, language);
      }
    },
  };
}
