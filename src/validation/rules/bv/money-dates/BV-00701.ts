import { resolve, resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';

/**
 * BV-00701 "MedicationRequest.authoredOn SHALL be on or before the creation date of the associated prescriber authorization request".
 * The MedicationRequest is the one Claim.prescription names (prior authorizations).
 */
export const BV_00701 = resourceRule('BV-00701', 'Claim', 'focal', (claim, scan): Problem[] => {
  const created = parseDate(claim.created);
  const prescription = resolve(scan.index, claim.prescription);
  if (!created || prescription?.resource?.resourceType !== 'MedicationRequest') return [];
  const authoredOn = parseDate(prescription.resource.authoredOn);
  return authoredOn && compareDates(authoredOn, created) > 0
    ? [{ at: 'authoredOn', entry: prescription.index, why: 'the prescription is authored after the authorization request was created' }]
    : [];
});
