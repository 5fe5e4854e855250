import { resolve, resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';

/**
 * BV-00461 "VisionPrescription.dateWritten SHALL be on or before Claim.created".
 * The VisionPrescription is the one Claim.prescription names; compared at the precision both sides give.
 */
export const BV_00461 = resourceRule('BV-00461', 'Claim', 'focal', (claim, scan): Problem[] => {
  const created = parseDate(claim.created);
  const prescription = resolve(scan.index, claim.prescription);
  if (!created || prescription?.resource?.resourceType !== 'VisionPrescription') return [];
  const value = parseDate(prescription.resource.dateWritten);
  return value && compareDates(value, created) > 0
    ? [{ at: 'dateWritten', entry: prescription.index, why: 'the prescription is dated after the claim was created' }]
    : [];
});
