import { resolve, resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';

/**
 * BV-00460 "VisionPrescription.created SHALL be on or before Claim.created".
 * The VisionPrescription is the one Claim.prescription names; compared at the precision both sides give.
 */
export const BV_00460 = resourceRule('BV-00460', 'Claim', 'focal', (claim, scan): Problem[] => {
  const created = parseDate(claim.created);
  const prescription = resolve(scan.index, claim.prescription);
  if (!created || prescription?.resource?.resourceType !== 'VisionPrescription') return [];
  const value = parseDate(prescription.resource.created);
  return value && compareDates(value, created) > 0
    ? [{ at: 'created', entry: prescription.index, why: 'the prescription is dated after the claim was created' }]
    : [];
});
