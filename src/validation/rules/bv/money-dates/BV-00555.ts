import { resourceRule, type Problem } from './support.js';
import { parseDate, daysBetween } from './dates.js';
import { patientOf, isNewborn } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00555 "if CoverageEligibilityRequest.extension.newborn = "true" and CoverageEligibilityRequest.servicedPeriod is provided then the count of days between CoverageEligibilityRequest.servicedPeriod.end and Patient.birthDate related to the newborn SHALL be less than or equal to 90 days (CoverageEligibilityRequest.servicedPeriod.end - Patient.birthDate <=90 days)".
 * The newborn is the resource's patient (NPHIES bills a newborn on the mother's coverage with extension-newborn).
 */
export const BV_00555 = resourceRule('BV-00555', 'CoverageEligibilityRequest', 'focal', (request, scan): Problem[] => {
  const birth = parseDate(isNewborn(request) ? patientOf(request, scan.index)?.resource?.birthDate : undefined);
  const days = birth ? daysBetween(birth, parseDate(asObject(request.servicedPeriod)?.end) ?? birth) : undefined;
  return days !== undefined && days > 90 ? [{ at: 'servicedPeriod.end', why: `service ends ${days} days after the newborn's birth (at most 90)` }] : [];
});
