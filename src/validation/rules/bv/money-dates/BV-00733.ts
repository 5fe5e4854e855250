import { resourceRule, extensionOf, type Problem } from './support.js';
import { encounterOf, classCode } from './claim-context.js';

/**
 * BV-00733 "Encounter.extension.triageDate SHALL be provided when Encounter.class ="EMER" and claim.use= "claim" or "preauthorization"".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00733 = resourceRule('BV-00733', 'Claim', 'focal', (claim, scan): Problem[] => {
  const found = encounterOf(claim, scan.index);
  const encounter = found?.resource;
  if (!found || !encounter || !['claim', 'preauthorization'].includes(String(claim.use)) || !['EMER'].includes(classCode(encounter) ?? '')) return [];
  return !extensionOf(encounter, 'triageDate') ? [{ at: 'extension', entry: found.index, why: 'an emergency encounter needs its triage date' }] : [];
});
