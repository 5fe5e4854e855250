/** Newborn claims (Claim.extension.newborn = true): birth weight and the patient's marital status. */
import { error } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { claimRule, hasCategory, resolveReference } from './claim-view.js';
import { NO_FINDINGS, hasCode } from './concepts.js';

/** BV-00506 (institutional) and BV-00507 (professional): a newborn claim needs "birth-weight" supporting information. */
export function birthWeightRule(id: string, claimType: string): Rule {
  return claimRule(id, (c) =>
    c.type === claimType && c.newborn && !hasCategory(c, 'birth-weight')
      ? [error(id, c.path('supportingInfo'), `"birth-weight" is required for a newborn ${claimType} claim`)]
      : NO_FINDINGS,
  );
}

/**
 * BV-00924 "When Claim.extension.newborn is true, Patient.maritalStatus within Patient resource
 * referenced in Claim.Patient SHALL be equal to "unmarried"" (v3-MaritalStatus `U`).
 */
export const BV_00924 = claimRule('BV-00924', (c, message) => {
  if (!c.newborn) return NO_FINDINGS;
  const patient = resolveReference(message, c.claim.patient);
  if (patient?.resource?.resourceType !== 'Patient') return NO_FINDINGS;
  return hasCode(patient.resource.maritalStatus, 'U') ? NO_FINDINGS : [error('BV-00924', entryPath(message, patient.index, 'maritalStatus'), 'a newborn is unmarried (U)')];
});
