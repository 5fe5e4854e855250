import { isNewborn, patientOf } from './claim-context.js';
import { daysBetween, parseDate } from './dates.js';
import { isObject, NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00555 "if CoverageEligibilityRequest.extension.newborn = "true" and CoverageEligibilityRequest.servicedPeriod is provided then the count of days between CoverageEligibilityRequest.servicedPeriod.end and Patient.birthDate related to the newborn SHALL be less than or equal to 90 days (CoverageEligibilityRequest.servicedPeriod.end - Patient.birthDate <=90 days)".
 * The newborn is the resource's patient (NPHIES bills a newborn on the mother's coverage with extension-newborn).
 */
export const BV_00555 = resourceRule('BV-00555', 'CoverageEligibilityRequest', 'focal', (request, message) => {
  const birth = isNewborn(request) ? parseDate(patientOf(request, message)?.resource?.birthDate) : undefined;
  const period = request.servicedPeriod;
  const days = birth ? daysBetween(birth, parseDate(isObject(period) ? period.end : undefined) ?? birth) : undefined;
  return days !== undefined && days > 90 ? [{ at: 'servicedPeriod.end', why: `service ends ${days} days after the newborn's birth (at most 90)` }] : NO_PROBLEMS;
});
