import { resourceRule, type Problem } from './support.js';
import { parseDate, daysBetween } from './dates.js';
import { patientOf, isNewborn } from './claim-context.js';

/**
 * BV-00554 "if CoverageEligibilityRequest.extension.newborn = "true" and CoverageEligibilityRequest.servicedDate is provided then the count of days between CoverageEligibilityRequest.servicedDate and Patient.birthDate related to the newborn SHALL be less than or equal to 90 days (CoverageEligibilityRequest.servicedDate - Patient.birthDate <=90 days)".
 * The newborn is the resource's patient (NPHIES bills a newborn on the mother's coverage with extension-newborn).
 */
export const BV_00554 = resourceRule('BV-00554', 'CoverageEligibilityRequest', 'focal', (request, scan): Problem[] => {
  const birth = parseDate(isNewborn(request) ? patientOf(request, scan.index)?.resource?.birthDate : undefined);
  const days = birth ? daysBetween(birth, parseDate(request.servicedDate) ?? birth) : undefined;
  return days !== undefined && days > 90 ? [{ at: 'servicedDate', why: `service ${days} days after the newborn's birth (at most 90)` }] : [];
});
