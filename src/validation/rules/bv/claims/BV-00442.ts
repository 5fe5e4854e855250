import { error, type Finding } from '../../../../findings/finding.js';
import { asArray } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { focalOfType, objectsOf } from './claim-entries.js';

/**
 * BV-00442 "Claim.item.careTeamSequence value SHALL match an existing Claim.careTeam.sequence
 * value within the same claim".
 */
export const BV_00442: Rule = {
  id: 'BV-00442',
  check(message) {
    const findings: Finding[] = [];
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      const known = new Set(objectsOf(resource.careTeam).map(({ object }) => object.sequence));
      for (const item of objectsOf(resource.item)) {
        asArray(item.object.careTeamSequence).forEach((sequence, k) => {
          if (typeof sequence === 'number' && !known.has(sequence)) {
            findings.push(error('BV-00442', entryPath(message, index, `item[${item.index}].careTeamSequence[${k}]`), `no careTeam has sequence ${sequence}`));
          }
        });
      }
    }
    return findings;
  },
};
