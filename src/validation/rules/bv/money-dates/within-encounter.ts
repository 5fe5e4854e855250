/**
 * "Item serviced[x] SHALL be within the encounter period": one check that the workbook states
 * twice, BV-00041 for claims and BV-00118 for prior authorizations. Compared at the precision
 * both sides give (a service date is within an encounter that starts later that day).
 */
import { resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';
import { encounterOf, servicedOf, items } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';

export function itemWithinEncounterRule(id: string): Rule {
  return resourceRule(id, 'Claim', 'focal', (claim, scan): Problem[] => {
    const encounter = encounterOf(claim, scan.index)?.resource;
    const period = asObject(encounter?.period);
    const start = parseDate(period?.start);
    const end = parseDate(period?.end);
    if (!start && !end) return [];
    return items(claim).flatMap(({ item, path }): Problem[] => {
      const serviced = servicedOf(item, path);
      if (!serviced?.start || !serviced.end) return [];
      const before = start !== undefined && compareDates(serviced.start, start) < 0;
      const after = end !== undefined && compareDates(serviced.end, end) > 0;
      return before || after ? [{ at: serviced.at, why: 'the service falls outside the encounter period' }] : [];
    });
  });
}
