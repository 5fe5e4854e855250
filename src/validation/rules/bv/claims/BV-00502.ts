import { error, type Finding } from '../../../../findings/finding.js';
import { asArray } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { focalOfType, objectsOf } from './claim-entries.js';

/** BV-00502 "Claim.item.informationSequence SHALL be unique within the Claim.item". */
export const BV_00502: Rule = {
  id: 'BV-00502',
  check(message) {
    const findings: Finding[] = [];
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      for (const item of objectsOf(resource.item)) {
        const seen = new Set<unknown>();
        asArray(item.object.informationSequence).forEach((sequence, k) => {
          if (typeof sequence !== 'number') return;
          if (seen.has(sequence)) {
            findings.push(error('BV-00502', entryPath(message, index, `item[${item.index}].informationSequence[${k}]`), `informationSequence ${sequence} repeated in one item`));
          }
          seen.add(sequence);
        });
      }
    }
    return findings;
  },
};
