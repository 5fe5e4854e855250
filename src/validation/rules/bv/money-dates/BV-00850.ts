import { resourceRule, type Problem } from './support.js';
import { parseDate, isInFuture } from './dates.js';
import { asObject } from '../../../../fhir/json.js';
import { encounterOf } from './claim-context.js';

/**
 * BV-00850 "Encounter.period.start shall be on or before current date when use = "claim"".
 * The Encounter is the Claim's (extension-encounter); current date is the gateway clock with the ±15-minute skew.
 */
export const BV_00850 = resourceRule('BV-00850', 'Claim', 'focal', (claim, scan): Problem[] => {
  if (claim.use !== 'claim') return [];
  const encounter = encounterOf(claim, scan.index);
  const start = parseDate(asObject(encounter?.resource?.period)?.start);
  return encounter && start && isInFuture(start, scan.context.now())
    ? [{ at: 'period.start', entry: encounter.index, why: 'a claimed encounter cannot start in the future' }]
    : [];
});
