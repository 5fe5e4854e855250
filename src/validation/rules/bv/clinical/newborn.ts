/** Newborn claims (Claim.extension.newborn = true): birth weight and the patient's marital status. */
import { error } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { claimsOf, codesOf, hasCategory, isNewborn, resolveReference } from './claim-view.js';
import { entryPath } from '../../../message.js';

/** BV-00506 (institutional) and BV-00507 (professional): a newborn claim needs "birth-weight" supporting information. */
export function birthWeightRule(id: string, claimType: string): Rule {
  return {
    id,
    check: (message) =>
      claimsOf(message)
        .filter((c) => c.type === claimType && isNewborn(c.claim) && !hasCategory(c, 'birth-weight'))
        .map((c) => error(id, c.path('supportingInfo'), `"birth-weight" is required for a newborn ${claimType} claim`)),
  };
}

/**
 * BV-00924 "When Claim.extension.newborn is true, Patient.maritalStatus within Patient resource
 * referenced in Claim.Patient SHALL be equal to "unmarried"" (v3-MaritalStatus `U`).
 */
export const BV_00924: Rule = {
  id: 'BV-00924',
  check: (message) =>
    claimsOf(message).flatMap((c) => {
      if (!isNewborn(c.claim)) return [];
      const patient = resolveReference(message, c.claim.patient);
      if (patient?.resource?.resourceType !== 'Patient') return [];
      return codesOf(patient.resource.maritalStatus).includes('U')
        ? []
        : [error('BV-00924', entryPath(message, patient.index, 'maritalStatus'), 'a newborn is unmarried (U)')];
    }),
};
