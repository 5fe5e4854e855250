import { hasNumericValue } from './support.js';
import { hasFractionOfHalala } from './money.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';

/** Money-typed elements of the NPHIES profiles, recognised even when the currency is left out. */
const MONEY_ELEMENTS = new Set(['unitPrice', 'net', 'valueMoney', 'amount', 'allowedMoney', 'usedMoney', 'paymentAmount']);

/**
 * GE-00028 "The fractional part of all currency values SHALL be rounded off to the nearest hundredth place".
 * Every Money of the message: an element with a `currency`, or one of the Money elements NPHIES uses without it.
 */
export const GE_00028: Rule = {
  id: 'GE-00028',
  check(message) {
    const findings: Finding[] = [];
    for (const visited of message.elements.whereAll(hasNumericValue)) {
      const { node, key } = visited;
      const value = node.value;
      if (typeof value !== 'number') continue;
      if (typeof node.currency !== 'string' && (key === undefined || !MONEY_ELEMENTS.has(key))) continue;
      if (hasFractionOfHalala(value)) findings.push(error('GE-00028', visited.path, `${value} has more than two decimals`));
    }
    return findings;
  },
};
