import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { objectsOf } from './claim-entries.js';
import { isCodeableConcept } from './walk.js';

/**
 * BV-00526 "The System must be unique within the same array": two Codings of one
 * CodeableConcept.coding SHALL NOT share a system. The second and later are reported.
 */
export const BV_00526: Rule = {
  id: 'BV-00526',
  check(message) {
    const findings: Finding[] = [];
    for (const visited of message.elements.where(isCodeableConcept)) {
      const node = visited.node;
      const seen = new Set<string>();
      for (const { index, object } of objectsOf(node.coding)) {
        const system = object.system;
        if (typeof system !== 'string') continue;
        if (seen.has(system)) findings.push(error('BV-00526', `${visited.path}.coding[${index}].system`, `system ${system} appears twice`));
        seen.add(system);
      }
    }
    return findings;
  },
};
