import type { Rule } from '../../../rule.js';
import { objectFindings } from './every-object.js';

/**
 * BV-00265 "dateTime dataType SHALL have a maximum length of 29 Characters".
 * A dateTime is recognised by its shape (a date, `T` and a time): only fractional seconds make one longer than 29 characters.
 * Every string property of every object, in the shared pass over every object.
 */
export const BV_00265: Rule = {
  id: 'BV-00265',
  check: (message) => objectFindings(message).dateTimeLengths,
};
