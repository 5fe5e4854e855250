import { claimedAdmission, claimRule, hospitalizationOf } from './claim-context.js';
import { extensionIndex, nphiesExtension, NO_PROBLEMS } from './support.js';

const DISCHARGE_SPECIALTY = nphiesExtension('dischargeSpecialty');

/**
 * BV-00852 "Encounter.hospitalization.dischargeDisposition and Encounter.period.end SHALL be provided when claim.use="claim", encounter.class ="IMP or "SS" and Encounter.hospitalization.extension.dischargeSpecialty is provided".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00852 = claimRule('BV-00852', (claim) => {
  const found = claimedAdmission(claim);
  if (!found) return NO_PROBLEMS;
  const hospitalization = hospitalizationOf(found);
  if (extensionIndex(hospitalization, DISCHARGE_SPECIALTY) < 0) return NO_PROBLEMS;
  const ended = claim.encounterPeriod.hasEnd;
  return !ended || hospitalization?.dischargeDisposition === undefined
    ? [{ at: ended ? 'hospitalization.dischargeDisposition' : 'period.end', entry: found.index, why: 'a discharge specialty needs the discharge disposition and the encounter end date' }]
    : NO_PROBLEMS;
});
