import { claimRule } from './claim-context.js';
import { daysBetween, parseDate } from './dates.js';
import { isObject, NO_PROBLEMS, type Problem } from './support.js';

/**
 * BV-00556 "When Claim.extension.newborn = "true" and Claim.item.servicedPeriod is provided then the count of days between Claim.item.servicedPeiod.end and Patient.birthDate related to the newborn SHALL be less than or equal to 90 days (Claim.item.servicedPeriod.end - Patient.birthDate <=90 days)".
 * The newborn is the resource's patient (NPHIES bills a newborn on the mother's coverage with extension-newborn).
 */
export const BV_00556 = claimRule('BV-00556', (claim) => {
  const birth = claim.newbornBirthDate;
  if (!birth) return NO_PROBLEMS;
  let problems: Problem[] | undefined;
  for (const { item, path } of claim.items) {
    const period = item.servicedPeriod;
    const days = daysBetween(birth, parseDate(isObject(period) ? period.end : undefined) ?? birth);
    if (days !== undefined && days > 90) (problems ??= []).push({ at: `${path}.servicedPeriod.end`, why: `service ends ${days} days after the newborn's birth (at most 90)` });
  }
  return problems ?? NO_PROBLEMS;
});
