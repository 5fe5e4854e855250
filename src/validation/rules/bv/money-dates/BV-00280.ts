import type { Rule } from '../../../rule.js';
import { objectFindings } from './every-object.js';

/**
 * BV-00280 "Quantity.unit dataType SHALL have a maximum length of 40 Characters".
 * A Quantity is an object with a numeric value and a unit, found in the shared pass over every object.
 */
export const BV_00280: Rule = {
  id: 'BV-00280',
  check: (message) => objectFindings(message).quantityUnits,
};
