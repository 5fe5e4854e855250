import { claimRule } from './claim-context.js';
import { extensionIndex, nphiesExtension, NO_PROBLEMS } from './support.js';

const TRIAGE_DATE = nphiesExtension('triageDate');

/**
 * BV-00733 "Encounter.extension.triageDate SHALL be provided when Encounter.class ="EMER" and claim.use= "claim" or "preauthorization"".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00733 = claimRule('BV-00733', (claim) => {
  const found = claim.encounter;
  // As written, any use whose text is "claim" or "preauthorization".
  const use = String(claim.use);
  if (!found || (use !== 'claim' && use !== 'preauthorization') || claim.encounterClass !== 'EMER') return NO_PROBLEMS;
  return extensionIndex(found.resource, TRIAGE_DATE) < 0 ? [{ at: 'extension', entry: found.index, why: 'an emergency encounter needs its triage date' }] : NO_PROBLEMS;
});
