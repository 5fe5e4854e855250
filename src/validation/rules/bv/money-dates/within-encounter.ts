/**
 * "Item serviced[x] SHALL be within the encounter period": one check that the workbook states
 * twice, BV-00041 for claims and BV-00118 for prior authorizations. Compared at the precision
 * both sides give (a service date is within an encounter that starts later that day).
 */
import type { Rule } from '../../../rule.js';
import { claimRule } from './claim-context.js';
import { compareDates } from './dates.js';
import { NO_PROBLEMS, type Problem } from './support.js';

export function itemWithinEncounterRule(id: string): Rule {
  return claimRule(id, (claim) => {
    const { start, end } = claim.encounterPeriod;
    if (!start && !end) return NO_PROBLEMS;
    let problems: Problem[] | undefined;
    for (const { serviced } of claim.items) {
      if (!serviced?.start || !serviced.end) continue;
      const before = start !== undefined && compareDates(serviced.start, start) < 0;
      const after = end !== undefined && compareDates(serviced.end, end) > 0;
      if (before || after) (problems ??= []).push({ at: serviced.at, why: 'the service falls outside the encounter period' });
    }
    return problems ?? NO_PROBLEMS;
  });
}
