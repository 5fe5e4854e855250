/** Rules on payers' answers: claim and prior-authorization responses, eligibility responses, tasks. */
import type { Rule } from '../../../rule.js';

export const RESPONSE_RULES: readonly Rule[] = [];
