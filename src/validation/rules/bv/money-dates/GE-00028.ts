import { walkObjects } from './support.js';
import { hasFractionOfHalala } from './money.js';
import { entryPath } from '../../../message.js';
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
    for (const entry of message.envelope.entries) {
      if (!entry.resource) continue;
      walkObjects(entry.resource, entryPath(message, entry.index), (object, path, key) => {
        const value = object.value;
        if (typeof value !== 'number') return;
        if (typeof object.currency !== 'string' && !MONEY_ELEMENTS.has(key)) return;
        if (hasFractionOfHalala(value)) findings.push(error('GE-00028', path, `${value} has more than two decimals`));
      });
    }
    return findings;
  },
};
