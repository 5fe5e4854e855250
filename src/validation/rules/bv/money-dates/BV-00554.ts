import { isNewborn, patientOf } from './claim-context.js';
import { daysBetween, parseDate } from './dates.js';
import { NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00554 "if CoverageEligibilityRequest.extension.newborn = "true" and CoverageEligibilityRequest.servicedDate is provided then the count of days between CoverageEligibilityRequest.servicedDate and Patient.birthDate related to the newborn SHALL be less than or equal to 90 days (CoverageEligibilityRequest.servicedDate - Patient.birthDate <=90 days)".
 * The newborn is the resource's patient (NPHIES bills a newborn on the mother's coverage with extension-newborn).
 */
export const BV_00554 = resourceRule('BV-00554', 'CoverageEligibilityRequest', 'focal', (request, message) => {
  const birth = isNewborn(request) ? parseDate(patientOf(request, message)?.resource?.birthDate) : undefined;
  const days = birth ? daysBetween(birth, parseDate(request.servicedDate) ?? birth) : undefined;
  return days !== undefined && days > 90 ? [{ at: 'servicedDate', why: `service ${days} days after the newborn's birth (at most 90)` }] : NO_PROBLEMS;
});
