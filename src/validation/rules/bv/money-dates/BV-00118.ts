import { resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';
import { encounterOf, servicedOf, items } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00118 "Authorization - Item serviced[x] SHALL be within the encounter period".
 * Prior authorizations (priorauth-request); BV-00041 is the same rule for claims.
 */
export const BV_00118 = resourceRule('BV-00118', 'Claim', 'focal', (claim, scan): Problem[] => {
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
