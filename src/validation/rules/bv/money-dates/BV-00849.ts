import { claimRule } from './claim-context.js';
import { daysBetween, parseDate } from './dates.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00849 "If encounter.class = "IMP" and claim.use = "claim" and the difference between encounter start date and birthdate is less than 365 days then Claim.supportingInfo.category.coding.code="admission-weight" shall exists".
 */
export const BV_00849 = claimRule('BV-00849', (claim) => {
  if (claim.use !== 'claim' || claim.encounterClass !== 'IMP') return NO_PROBLEMS;
  const start = claim.encounterPeriod.start;
  const birth = start ? parseDate(claim.patient?.resource?.birthDate) : undefined;
  const age = start && birth ? daysBetween(birth, start) : undefined;
  if (age === undefined || age >= 365 || claim.infosOf('admission-weight').length > 0) return NO_PROBLEMS;
  return [{ at: 'supportingInfo', why: 'an inpatient under one year needs admission-weight' }];
});
