import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { focalOfType, objectsOf } from './claim-entries.js';

/**
 * BV-00400 "If Claim.insurance contains more than one insurances, then one and only one of those
 * insurances SHALL have Claim.insurance.focal ="true" and that insurance SHALL be the one for which
 * the Claim request is being submitted". The count is decidable from the message; which coverage
 * the provider meant is not. No focal insurance is reported on `insurance`, extra ones on their `focal`.
 */
export const BV_00400: Rule = {
  id: 'BV-00400',
  check(message) {
    const findings: Finding[] = [];
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      const insurances = objectsOf(resource.insurance);
      if (insurances.length < 2) continue;
      const focal = insurances.filter(({ object }) => object.focal === true);
      if (focal.length === 0) findings.push(error('BV-00400', entryPath(message, index, 'insurance'), 'no insurance has focal = true'));
      for (const extra of focal.slice(1)) {
        findings.push(error('BV-00400', entryPath(message, index, `insurance[${extra.index}].focal`), 'more than one insurance has focal = true'));
      }
    }
    return findings;
  },
};
