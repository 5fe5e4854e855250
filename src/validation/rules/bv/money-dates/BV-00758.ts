import { resourceRule, extensionOf, type Problem } from './support.js';
import { encounterOf, classCode } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00758 "Encounter.hospitalization.extension.dischargeSpecialty SHALL be provided when claim.use="claim",encounter.type ="IMP or "SS" and encounter.period.end is provided".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00758 = resourceRule('BV-00758', 'Claim', 'focal', (claim, scan): Problem[] => {
  const found = encounterOf(claim, scan.index);
  const encounter = found?.resource;
  if (!found || !encounter || claim.use !== 'claim' || !['IMP', 'SS'].includes(classCode(encounter) ?? '')) return [];
  const hospitalization = asObject(encounter.hospitalization);
  const ended = asObject(encounter.period)?.end !== undefined;
  return ended && !extensionOf(hospitalization, 'dischargeSpecialty') ? [{ at: 'hospitalization.extension', entry: found.index, why: 'an ended admission needs the discharge specialty' }] : [];
});
