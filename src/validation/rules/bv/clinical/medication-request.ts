/** MedicationRequest rules, for the prescriptions a pharmacy claim or authorization carries. */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { claimsOf, resourcesOf, sameTarget } from './claim-view.js';
import { NO_FINDINGS } from './concepts.js';

function fixedValueRule(id: string, element: 'status' | 'intent', value: string): Rule {
  return {
    id,
    check: (message) => {
      let findings: Finding[] | undefined;
      for (const entry of resourcesOf(message, 'MedicationRequest')) {
        const sent = entry.resource[element];
        if (sent !== undefined && sent !== value) (findings ??= []).push(error(id, entryPath(message, entry.index, element), `MedicationRequest.${element} must be "${value}"`));
      }
      return findings ?? NO_FINDINGS;
    },
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
    if (!claim) return NO_FINDINGS;
    let findings: Finding[] | undefined;
    for (const entry of resourcesOf(message, 'MedicationRequest')) {
      const subject = entry.resource.subject;
      if (subject !== undefined && !sameTarget(message, subject, claim.claim.patient)) (findings ??= []).push(error('BV-00706', entryPath(message, entry.index, 'subject'), 'not the claim patient'));
    }
    return findings ?? NO_FINDINGS;
  },
};

/** BV-00720 "MedicationRequest.identifier SHALL be unique within the same transaction". */
export const BV_00720: Rule = {
  id: 'BV-00720',
  check: (message) => {
    const requests = resourcesOf(message, 'MedicationRequest');
    if (requests.length === 0) return NO_FINDINGS;
    const seen = new Set<string>();
    let findings: Finding[] | undefined;
    for (const entry of requests) {
      const identifiers = asArray(entry.resource.identifier);
      for (let k = 0; k < identifiers.length; k += 1) {
        const identifier = asObject(identifiers[k]);
        const value = asString(identifier?.value);
        if (value === undefined) continue;
        const key = `${asString(identifier?.system) ?? ''}|${value}`;
        if (seen.has(key)) (findings ??= []).push(error('BV-00720', entryPath(message, entry.index, `identifier[${k}]`), 'this identifier is already used in the message'));
        seen.add(key);
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
