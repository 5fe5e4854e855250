import { claimRule } from './claim-context.js';
import { compareDates, parseDate } from './dates.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00701 "MedicationRequest.authoredOn SHALL be on or before the creation date of the associated prescriber authorization request".
 * The MedicationRequest is the one Claim.prescription names (prior authorizations).
 */
export const BV_00701 = claimRule('BV-00701', (claim) => {
  const created = claim.created;
  const prescription = claim.prescription;
  if (!created || prescription?.resource?.resourceType !== 'MedicationRequest') return NO_PROBLEMS;
  const authoredOn = parseDate(prescription.resource.authoredOn);
  return authoredOn && compareDates(authoredOn, created) > 0
    ? [{ at: 'authoredOn', entry: prescription.index, why: 'the prescription is authored after the authorization request was created' }]
    : NO_PROBLEMS;
});
