/** Claim and prior-authorization structure rules: identifiers, sequences, links between them. */
import type { Rule } from '../../../rule.js';

export const CLAIM_STRUCTURE_RULES: readonly Rule[] = [];
