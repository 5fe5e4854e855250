import { hasNumericValue } from './support.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';

/**
 * BV-00280 "Quantity.unit dataType SHALL have a maximum length of 40 Characters".
 */
export const BV_00280: Rule = {
  id: 'BV-00280',
  check(message) {
    const findings: Finding[] = [];
    for (const visited of message.elements.whereAll(hasNumericValue)) {
      const node = visited.node;
      // A Quantity: a numeric value with a unit (Money has a currency instead).
      if (typeof node.value === 'number' && typeof node.unit === 'string' && node.unit.length > 40) {
        findings.push(error('BV-00280', `${visited.path}.unit`, 'Quantity.unit is longer than 40 characters'));
      }
    }
    return findings;
  },
};
