import { claimedAdmission, claimRule, hospitalizationOf } from './claim-context.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00759 "Encounter.hospitalization.dischargeDisposition SHALL be provided when claim.use="claim", encounter.type ="IMP or "SS" and encounter.period.end is provided".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00759 = claimRule('BV-00759', (claim) => {
  const found = claimedAdmission(claim);
  if (!found || !claim.encounterPeriod.hasEnd) return NO_PROBLEMS;
  return hospitalizationOf(found)?.dischargeDisposition === undefined ? [{ at: 'hospitalization.dischargeDisposition', entry: found.index, why: 'an ended admission needs the discharge disposition' }] : NO_PROBLEMS;
});
