import { resourceRule, extensionOf, type Problem } from './support.js';
import { encounterOf, classCode } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00728 "Encounter.extension.emergencyDepartmentDisposition SHALL be provided when Encounter.class ="EMER" and claim.use= "claim" and encounter.period.end is provided".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00728 = resourceRule('BV-00728', 'Claim', 'focal', (claim, scan): Problem[] => {
  const found = encounterOf(claim, scan.index);
  const encounter = found?.resource;
  if (!found || !encounter || claim.use !== 'claim' || !['EMER'].includes(classCode(encounter) ?? '')) return [];
  const ended = asObject(encounter.period)?.end !== undefined;
  return ended && !extensionOf(encounter, 'emergencyDepartmentDisposition') ? [{ at: 'extension', entry: found.index, why: 'an ended emergency encounter needs its department disposition' }] : [];
});
