/** Every implemented rule. Which events each runs for is in `schemas/rules/enforced/*.json`. */
import type { Rule } from '../rule.js';
import { BV_00165 } from './bv/BV-00165.js';
import { BV_00167 } from './bv/BV-00167.js';
import { BV_00168 } from './bv/BV-00168.js';
import { BV_00221 } from './bv/BV-00221.js';
import { BV_00225 } from './bv/BV-00225.js';
import { BV_00341 } from './bv/BV-00341.js';
import { BV_00364 } from './bv/BV-00364.js';
import { BV_00365 } from './bv/BV-00365.js';
import { BV_00366 } from './bv/BV-00366.js';
import { BV_00367 } from './bv/BV-00367.js';
import { BV_00368 } from './bv/BV-00368.js';
import { GE_00031 } from './ge/GE-00031.js';
import { GE_00032 } from './ge/GE-00032.js';
import { GE_00033 } from './ge/GE-00033.js';
import { GE_00034 } from './ge/GE-00034.js';
import { RE_00169 } from './re/RE-00169.js';
import { RE_00174 } from './re/RE-00174.js';
import { CLAIM_STRUCTURE_RULES } from './bv/claims/index.js';
import { MONEY_AND_DATE_RULES } from './bv/money-dates/index.js';
import { CLINICAL_RULES } from './bv/clinical/index.js';
import { RESPONSE_RULES } from './bv/responses/index.js';

/** The message-structure and routing-safety rules of the foundation. */
export const FOUNDATION_RULES: readonly Rule[] = [
  BV_00341, BV_00168, RE_00169, BV_00167, BV_00221, BV_00225, RE_00174,
  BV_00165, BV_00364, BV_00365, BV_00366, BV_00367, BV_00368,
  GE_00031, GE_00032, GE_00033, GE_00034,
];

export const ALL_RULES: readonly Rule[] = [
  ...FOUNDATION_RULES,
  ...CLAIM_STRUCTURE_RULES,
  ...MONEY_AND_DATE_RULES,
  ...CLINICAL_RULES,
  ...RESPONSE_RULES,
];
