import type { Rule } from '../../../rule.js';
import { objectFindings } from './every-object.js';

/**
 * GE-00028 "The fractional part of all currency values SHALL be rounded off to the nearest hundredth place".
 * Every Money of the message: an element with a `currency`, or one of the Money elements NPHIES uses
 * without it, found in the shared pass over every object.
 */
export const GE_00028: Rule = {
  id: 'GE-00028',
  check: (message) => objectFindings(message).moneyDecimals,
};
