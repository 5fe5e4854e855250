import { claimRule } from './claim-context.js';
import { daysBetween, parseDate } from './dates.js';
import { NO_PROBLEMS, type Problem } from './support.js';

/**
 * BV-00553 "When Claim.extension.newborn = "true" and Claim.item.servicedDate is provided then the count of days between Claim.item.servicedDate and Patient.birthDate related to the newborn SHALL be less than or equal to 90 days (Claim.item.servicedDate - Patient.birthDate <=90 days)".
 * The newborn is the resource's patient (NPHIES bills a newborn on the mother's coverage with extension-newborn).
 */
export const BV_00553 = claimRule('BV-00553', (claim) => {
  const birth = claim.newbornBirthDate;
  if (!birth) return NO_PROBLEMS;
  let problems: Problem[] | undefined;
  for (const { item, path } of claim.items) {
    const days = daysBetween(birth, parseDate(item.servicedDate) ?? birth);
    if (days !== undefined && days > 90) (problems ??= []).push({ at: `${path}.servicedDate`, why: `service ${days} days after the newborn's birth (at most 90)` });
  }
  return problems ?? NO_PROBLEMS;
});
