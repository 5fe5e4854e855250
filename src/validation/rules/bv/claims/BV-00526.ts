import { asObject } from '../../../../fhir/json.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { NO_FINDINGS } from './claim-entries.js';
import { elementShapes } from './walk.js';

/**
 * BV-00526 "The System must be unique within the same array": two Codings of one
 * CodeableConcept.coding SHALL NOT share a system. The second and later are reported.
 */
export const BV_00526: Rule = {
  id: 'BV-00526',
  check(message) {
    let findings: Finding[] | undefined;
    for (const visited of elementShapes(message).concepts) {
      const codings = visited.node.coding as readonly unknown[];
      // One coding cannot repeat a system: most concepts have one, and need no Set.
      if (codings.length < 2) continue;
      const seen = new Set<string>();
      for (let index = 0; index < codings.length; index += 1) {
        const system = asObject(codings[index])?.system;
        if (typeof system !== 'string') continue;
        if (seen.has(system)) (findings ??= []).push(error('BV-00526', `${visited.path}.coding[${index}].system`, `system ${system} appears twice`));
        seen.add(system);
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
