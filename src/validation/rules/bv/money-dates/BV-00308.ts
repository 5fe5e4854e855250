import { walkObjects } from './support.js';
import { entryPath } from '../../../message.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';

const ARABIC = /[\u0600-\u06FF]/;

/**
 * BV-00308 "Dosage.patientInstruction dataType SHALL have a maximum length of 4000 English Characters and 2000 Arabic Characters".
 * A Dosage is any element named `dosageInstruction` or `dosage`.
 */
export const BV_00308: Rule = {
  id: 'BV-00308',
  check(message) {
    const findings: Finding[] = [];
    for (const entry of message.envelope.entries) {
      if (!entry.resource) continue;
      walkObjects(entry.resource, entryPath(message, entry.index), (object, path, key) => {
        if (key !== 'dosageInstruction' && key !== 'dosage') return;
        const text = object.patientInstruction;
        if (typeof text !== 'string') return;
        // Arabic script takes two bytes a character in the NPHIES store, hence half the length.
        const limit = ARABIC.test(text) ? 2000 : 4000;
        if ([...text].length > limit) findings.push(error('BV-00308', `${path}.patientInstruction`, `Dosage.patientInstruction is longer than ${limit} characters`));
      });
    }
    return findings;
  },
};
