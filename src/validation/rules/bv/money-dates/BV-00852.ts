import { resourceRule, extensionOf, type Problem } from './support.js';
import { encounterOf, classCode } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00852 "Encounter.hospitalization.dischargeDisposition and Encounter.period.end SHALL be provided when claim.use="claim", encounter.class ="IMP or "SS" and Encounter.hospitalization.extension.dischargeSpecialty is provided".
 * The Encounter is the Claim's (extension-encounter); the rule's encounter.type means Encounter.class (IMP, SS, EMER).
 */
export const BV_00852 = resourceRule('BV-00852', 'Claim', 'focal', (claim, scan): Problem[] => {
  const found = encounterOf(claim, scan.index);
  const encounter = found?.resource;
  if (!found || !encounter || claim.use !== 'claim' || !['IMP', 'SS'].includes(classCode(encounter) ?? '')) return [];
  const hospitalization = asObject(encounter.hospitalization);
  const ended = asObject(encounter.period)?.end !== undefined;
  return extensionOf(hospitalization, 'dischargeSpecialty') !== undefined && (!ended || hospitalization?.dischargeDisposition === undefined) ? [{ at: ended ? 'hospitalization.dischargeDisposition' : 'period.end', entry: found.index, why: 'a discharge specialty needs the discharge disposition and the encounter end date' }] : [];
});
