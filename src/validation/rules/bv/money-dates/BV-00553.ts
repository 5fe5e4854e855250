import { resourceRule, type Problem } from './support.js';
import { parseDate, daysBetween } from './dates.js';
import { patientOf, items, isNewborn } from './claim-context.js';

/**
 * BV-00553 "When Claim.extension.newborn = "true" and Claim.item.servicedDate is provided then the count of days between Claim.item.servicedDate and Patient.birthDate related to the newborn SHALL be less than or equal to 90 days (Claim.item.servicedDate - Patient.birthDate <=90 days)".
 * The newborn is the resource's patient (NPHIES bills a newborn on the mother's coverage with extension-newborn).
 */
export const BV_00553 = resourceRule('BV-00553', 'Claim', 'focal', (claim, scan): Problem[] => {
  const birth = parseDate(isNewborn(claim) ? patientOf(claim, scan.index)?.resource?.birthDate : undefined);
  if (!birth) return [];
  return items(claim).flatMap(({ item, path }): Problem[] => {
    const days = daysBetween(birth, parseDate(item.servicedDate) ?? birth);
    return days !== undefined && days > 90 ? [{ at: `${path}.servicedDate`, why: `service ${days} days after the newborn's birth (at most 90)` }] : [];
  });
});
