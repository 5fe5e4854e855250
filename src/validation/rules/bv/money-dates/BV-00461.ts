import { claimRule } from './claim-context.js';
import { compareDates, parseDate } from './dates.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00461 "VisionPrescription.dateWritten SHALL be on or before Claim.created".
 * The VisionPrescription is the one Claim.prescription names; compared at the precision both sides give.
 */
export const BV_00461 = claimRule('BV-00461', (claim) => {
  const created = claim.created;
  const prescription = claim.prescription;
  if (!created || prescription?.resource?.resourceType !== 'VisionPrescription') return NO_PROBLEMS;
  const value = parseDate(prescription.resource.dateWritten);
  return value && compareDates(value, created) > 0
    ? [{ at: 'dateWritten', entry: prescription.index, why: 'the prescription is dated after the claim was created' }]
    : NO_PROBLEMS;
});
