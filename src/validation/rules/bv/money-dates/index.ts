/** Money (net = quantity × unitPrice × factor + tax, 2-decimal rounding, totals) and date rules. */
import type { Rule } from '../../../rule.js';

export const MONEY_AND_DATE_RULES: readonly Rule[] = [];
