import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType, isNamed } from './claim-entries.js';

/** BV-00508 "Claim.extension.transfer SHALL NOT be provided when Claim.use="claim" or "predetermination"". */
export const BV_00508: Rule = {
  id: 'BV-00508',
  check(message) {
    let findings: Finding[] | undefined;
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      if (resource.use !== 'claim' && resource.use !== 'predetermination') continue;
      const extensions = asArray(resource.extension);
      for (let e = 0; e < extensions.length; e += 1) {
        const extension = asObject(extensions[e]);
        if (extension && isNamed(extension, '/extension-transfer')) {
          (findings ??= []).push(error('BV-00508', entryPath(message, index, `extension[${e}]`), `transfer is not allowed when Claim.use is ${String(resource.use)}`));
        }
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
