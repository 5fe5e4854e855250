import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType } from './claim-entries.js';

/**
 * BV-00400 "If Claim.insurance contains more than one insurances, then one and only one of those
 * insurances SHALL have Claim.insurance.focal ="true" and that insurance SHALL be the one for which
 * the Claim request is being submitted". The count is decidable from the message; which coverage
 * the provider meant is not. No focal insurance is reported on `insurance`, extra ones on their `focal`.
 */
export const BV_00400: Rule = {
  id: 'BV-00400',
  check(message) {
    let findings: Finding[] | undefined;
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      const insurances = asArray(resource.insurance);
      let count = 0;
      let focal = 0;
      for (let i = 0; i < insurances.length; i += 1) {
        const insurance = asObject(insurances[i]);
        if (!insurance) continue;
        count += 1;
        if (insurance.focal !== true) continue;
        focal += 1;
        // A second focal insurance means there are at least two.
        if (focal > 1) (findings ??= []).push(error('BV-00400', entryPath(message, index, `insurance[${i}].focal`), 'more than one insurance has focal = true'));
      }
      if (count >= 2 && focal === 0) (findings ??= []).push(error('BV-00400', entryPath(message, index, 'insurance'), 'no insurance has focal = true'));
    }
    return findings ?? NO_FINDINGS;
  },
};
