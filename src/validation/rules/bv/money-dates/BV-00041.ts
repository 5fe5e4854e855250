import { resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';
import { encounterOf, servicedOf, items } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00041 "Claim - Item serviced[x] SHALL be within the encounter period".
 * Claims (claim-request); BV-00118 is the same rule for prior authorizations. Compared at the precision both sides give (a service date is within an encounter that starts later that day).
 */
export const BV_00041 = resourceRule('BV-00041', 'Claim', 'focal', (claim, scan): Problem[] => {
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
