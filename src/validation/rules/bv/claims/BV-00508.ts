import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { extensionsNamed, focalOfType } from './claim-entries.js';

/** BV-00508 "Claim.extension.transfer SHALL NOT be provided when Claim.use="claim" or "predetermination"". */
export const BV_00508: Rule = {
  id: 'BV-00508',
  check(message) {
    const findings: Finding[] = [];
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      if (resource.use !== 'claim' && resource.use !== 'predetermination') continue;
      for (const extension of extensionsNamed(resource, 'extension-transfer')) {
        findings.push(error('BV-00508', entryPath(message, index, `extension[${extension.index}]`), `transfer is not allowed when Claim.use is ${String(resource.use)}`));
      }
    }
    return findings;
  },
};
