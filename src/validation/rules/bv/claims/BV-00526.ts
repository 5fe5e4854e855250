import { error } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { objectsOf } from './claim-entries.js';
import { collectFrom } from './walk.js';

/**
 * BV-00526 "The System must be unique within the same array": two Codings of one
 * CodeableConcept.coding SHALL NOT share a system. The second and later are reported.
 */
export const BV_00526: Rule = {
  id: 'BV-00526',
  check(message) {
    return collectFrom(message, ({ node, path }) => {
      if (!Array.isArray(node.coding)) return [];
      const seen = new Set<string>();
      return objectsOf(node.coding).flatMap(({ index, object }) => {
        const system = object.system;
        if (typeof system !== 'string') return [];
        const repeated = seen.has(system);
        seen.add(system);
        return repeated ? [error('BV-00526', `${path}.coding[${index}].system`, `system ${system} appears twice`)] : [];
      });
    });
  },
};
