import { resourceRule, type Problem } from './support.js';
import { encounterOf, classCode } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00801 "Encounter.period.end SHALL be provided when Encounter.hospitalization.dischargeDisposition exist when claim.use="claim", encounter.type ="IMP or "SS"".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00801 = resourceRule('BV-00801', 'Claim', 'focal', (claim, scan): Problem[] => {
  const found = encounterOf(claim, scan.index);
  const encounter = found?.resource;
  if (!found || !encounter || claim.use !== 'claim' || !['IMP', 'SS'].includes(classCode(encounter) ?? '')) return [];
  const hospitalization = asObject(encounter.hospitalization);
  const ended = asObject(encounter.period)?.end !== undefined;
  return !ended && hospitalization?.dischargeDisposition !== undefined ? [{ at: 'period.end', entry: found.index, why: 'a discharge disposition needs the encounter end date' }] : [];
});
