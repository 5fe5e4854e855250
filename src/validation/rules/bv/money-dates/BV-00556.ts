import { resourceRule, type Problem } from './support.js';
import { parseDate, daysBetween } from './dates.js';
import { patientOf, items, isNewborn } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00556 "When Claim.extension.newborn = "true" and Claim.item.servicedPeriod is provided then the count of days between Claim.item.servicedPeiod.end and Patient.birthDate related to the newborn SHALL be less than or equal to 90 days (Claim.item.servicedPeriod.end - Patient.birthDate <=90 days)".
 * The newborn is the resource's patient (NPHIES bills a newborn on the mother's coverage with extension-newborn).
 */
export const BV_00556 = resourceRule('BV-00556', 'Claim', 'focal', (claim, scan): Problem[] => {
  const birth = parseDate(isNewborn(claim) ? patientOf(claim, scan.index)?.resource?.birthDate : undefined);
  if (!birth) return [];
  return items(claim).flatMap(({ item, path }): Problem[] => {
    const days = daysBetween(birth, parseDate(asObject(item.servicedPeriod)?.end) ?? birth);
    return days !== undefined && days > 90 ? [{ at: `${path}.servicedPeriod.end`, why: `service ends ${days} days after the newborn's birth (at most 90)` }] : [];
  });
});
