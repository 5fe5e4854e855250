import type { Rule } from '../../../rule.js';
import { objectFindings } from './every-object.js';

/**
 * BV-00307 "Dosage.text dataType SHALL have a maximum length of 4000 English Characters and 2000 Arabic Characters".
 * A Dosage is any element named `dosageInstruction` or `dosage`, found in the shared pass over every object.
 */
export const BV_00307: Rule = {
  id: 'BV-00307',
  check: (message) => objectFindings(message).dosageTexts,
};
