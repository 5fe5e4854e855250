import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType } from './claim-entries.js';

/** BV-00502 "Claim.item.informationSequence SHALL be unique within the Claim.item". */
export const BV_00502: Rule = {
  id: 'BV-00502',
  check(message) {
    let findings: Finding[] | undefined;
    let seen: Set<unknown> | undefined; // one set for every item, emptied for each
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      const items = asArray(resource.item);
      for (let i = 0; i < items.length; i += 1) {
        const links = asArray(asObject(items[i])?.informationSequence);
        if (links.length < 2) continue; // one link cannot repeat
        seen ??= new Set();
        seen.clear();
        for (let k = 0; k < links.length; k += 1) {
          const sequence = links[k];
          if (typeof sequence !== 'number') continue;
          if (seen.has(sequence)) {
            (findings ??= []).push(error('BV-00502', entryPath(message, index, `item[${i}].informationSequence[${k}]`), `informationSequence ${sequence} repeated in one item`));
          }
          seen.add(sequence);
        }
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
