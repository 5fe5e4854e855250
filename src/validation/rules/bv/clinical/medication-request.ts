/** MedicationRequest rules, for the prescriptions a pharmacy claim or authorization carries. */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { claimsOf, resourcesOf, sameTarget } from './claim-view.js';

function fixedValueRule(id: string, element: 'status' | 'intent', value: string): Rule {
  return {
    id,
    check: (message) =>
      resourcesOf(message, 'MedicationRequest')
        .filter(({ resource }) => resource[element] !== undefined && resource[element] !== value)
        .map(({ path }) => error(id, path(element), `MedicationRequest.${element} must be "${value}"`)),
  };
}

/** BV-00704 "MedicationRequest.status SHALL be "active"". */
export const BV_00704 = fixedValueRule('BV-00704', 'status', 'active');
/** BV-00705 "MedicationRequest.intent SHALL be "order"". */
export const BV_00705 = fixedValueRule('BV-00705', 'intent', 'order');

/** BV-00706 "MedicationRequest.subject SHALL use a reference to the same Claim.patient in prescription request". */
export const BV_00706: Rule = {
  id: 'BV-00706',
  check: (message) => {
    const claim = claimsOf(message)[0];
    if (!claim) return [];
    return resourcesOf(message, 'MedicationRequest')
      .filter(({ resource }) => resource.subject !== undefined && !sameTarget(message, resource.subject, claim.claim.patient))
      .map(({ path }) => error('BV-00706', path('subject'), 'not the claim patient'));
  },
};

/** BV-00720 "MedicationRequest.identifier SHALL be unique within the same transaction". */
export const BV_00720: Rule = {
  id: 'BV-00720',
  check: (message) => {
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const { resource, path } of resourcesOf(message, 'MedicationRequest')) {
      asArray(resource.identifier).forEach((raw, k) => {
        const identifier = asObject(raw);
        const value = asString(identifier?.value);
        if (value === undefined) return;
        const key = `${asString(identifier?.system) ?? ''}|${value}`;
        if (seen.has(key)) findings.push(error('BV-00720', path(`identifier[${k}]`), 'this identifier is already used in the message'));
        seen.add(key);
      });
    }
    return findings;
  },
};
