import type { Rule } from '../../../rule.js';
import { objectFindings } from './every-object.js';

/**
 * BV-00052 "Period end date SHALL be always be same or after the period start date".
 * Every Period of the message (elements named `period` or `…Period`), found in the shared pass over every object.
 */
export const BV_00052: Rule = {
  id: 'BV-00052',
  check: (message) => objectFindings(message).periodEnds,
};
