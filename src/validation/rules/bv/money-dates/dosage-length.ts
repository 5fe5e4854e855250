/**
 * Length limits of Dosage strings (BV-00307 text, BV-00308 patientInstruction): 4000 characters,
 * or 2000 when the text is Arabic. A Dosage is any element named `dosageInstruction` or `dosage`.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import type { NodeFilter } from '../../../elements.js';
import type { Rule } from '../../../rule.js';

const ARABIC = /[\u0600-\u06FF]/;

const isDosage: NodeFilter = ({ key }) => key === 'dosageInstruction' || key === 'dosage';

export function dosageLengthRule(id: string, element: 'text' | 'patientInstruction'): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      for (const visited of message.elements.whereAll(isDosage)) {
        const text = visited.node[element];
        if (typeof text !== 'string') continue;
        // Arabic script takes two bytes a character in the NPHIES store, hence half the length.
        // Fewer UTF-16 units than the smaller limit is within either, without counting characters.
        if (text.length <= 2000) continue;
        const limit = ARABIC.test(text) ? 2000 : 4000;
        if ([...text].length > limit) findings.push(error(id, `${visited.path}.${element}`, `Dosage.${element} is longer than ${limit} characters`));
      }
      return findings;
    },
  };
}
