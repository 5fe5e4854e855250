import { claimedAdmission, claimRule, hospitalizationOf } from './claim-context.js';
import { extensionIndex, nphiesExtension, NO_PROBLEMS } from './support.js';

const DISCHARGE_SPECIALTY = nphiesExtension('dischargeSpecialty');

/**
 * BV-00758 "Encounter.hospitalization.extension.dischargeSpecialty SHALL be provided when claim.use="claim",encounter.type ="IMP or "SS" and encounter.period.end is provided".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00758 = claimRule('BV-00758', (claim) => {
  const found = claimedAdmission(claim);
  if (!found || !claim.encounterPeriod.hasEnd) return NO_PROBLEMS;
  return extensionIndex(hospitalizationOf(found), DISCHARGE_SPECIALTY) < 0 ? [{ at: 'hospitalization.extension', entry: found.index, why: 'an ended admission needs the discharge specialty' }] : NO_PROBLEMS;
});
