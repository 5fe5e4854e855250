/** Diagnosis, supporting-information, encounter and patient rules. */
import type { Rule } from '../../../rule.js';

export const CLINICAL_RULES: readonly Rule[] = [];
