import { resourceRule, type Problem } from './support.js';
import { parseDate, daysBetween } from './dates.js';
import { encounterOf, patientOf, classCode, supportingInfos } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00849 "If encounter.class = "IMP" and claim.use = "claim" and the difference between encounter start date and birthdate is less than 365 days then Claim.supportingInfo.category.coding.code="admission-weight" shall exists".
 */
export const BV_00849 = resourceRule('BV-00849', 'Claim', 'focal', (claim, scan): Problem[] => {
  if (claim.use !== 'claim') return [];
  const encounter = encounterOf(claim, scan.index)?.resource;
  if (!encounter || classCode(encounter) !== 'IMP') return [];
  const start = parseDate(asObject(encounter.period)?.start);
  const birth = parseDate(patientOf(claim, scan.index)?.resource?.birthDate);
  const age = start && birth ? daysBetween(birth, start) : undefined;
  if (age === undefined || age >= 365 || supportingInfos(claim, 'admission-weight').length > 0) return [];
  return [{ at: 'supportingInfo', why: 'an inpatient under one year needs admission-weight' }];
});
