/**
 * Length limits of Dosage strings (BV-00307 text, BV-00308 patientInstruction): 4000 characters,
 * or 2000 when the text is Arabic. A Dosage is any element named `dosageInstruction` or `dosage`.
 */
import { walkObjects } from './support.js';
import { entryPath } from '../../../message.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';

const ARABIC = /[\u0600-\u06FF]/;

export function dosageLengthRule(id: string, element: 'text' | 'patientInstruction'): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      for (const entry of message.envelope.entries) {
        if (!entry.resource) continue;
        walkObjects(entry.resource, entryPath(message, entry.index), (object, path, key) => {
          if (key !== 'dosageInstruction' && key !== 'dosage') return;
          const text = object[element];
          if (typeof text !== 'string') return;
          // Arabic script takes two bytes a character in the NPHIES store, hence half the length.
          const limit = ARABIC.test(text) ? 2000 : 4000;
          if ([...text].length > limit) findings.push(error(id, `${path}.${element}`, `Dosage.${element} is longer than ${limit} characters`));
        });
      }
      return findings;
    },
  };
}
