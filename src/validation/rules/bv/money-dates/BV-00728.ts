import { claimRule } from './claim-context.js';
import { extensionIndex, nphiesExtension, NO_PROBLEMS } from './support.js';

const DISPOSITION = nphiesExtension('emergencyDepartmentDisposition');

/**
 * BV-00728 "Encounter.extension.emergencyDepartmentDisposition SHALL be provided when Encounter.class ="EMER" and claim.use= "claim" and encounter.period.end is provided".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00728 = claimRule('BV-00728', (claim) => {
  const found = claim.encounter;
  if (!found || claim.use !== 'claim' || claim.encounterClass !== 'EMER' || !claim.encounterPeriod.hasEnd) return NO_PROBLEMS;
  return extensionIndex(found.resource, DISPOSITION) < 0 ? [{ at: 'extension', entry: found.index, why: 'an ended emergency encounter needs its department disposition' }] : NO_PROBLEMS;
});
