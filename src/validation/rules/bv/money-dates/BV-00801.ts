import { claimedAdmission, claimRule, hospitalizationOf } from './claim-context.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00801 "Encounter.period.end SHALL be provided when Encounter.hospitalization.dischargeDisposition exist when claim.use="claim", encounter.type ="IMP or "SS"".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00801 = claimRule('BV-00801', (claim) => {
  const found = claimedAdmission(claim);
  if (!found || claim.encounterPeriod.hasEnd) return NO_PROBLEMS;
  return hospitalizationOf(found)?.dischargeDisposition !== undefined ? [{ at: 'period.end', entry: found.index, why: 'a discharge disposition needs the encounter end date' }] : NO_PROBLEMS;
});
