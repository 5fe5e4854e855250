/** Rules on payers' answers: claim and prior-authorization responses, eligibility responses, tasks. */
import type { Rule } from '../../../rule.js';
import { BATCH_RULES } from './batch.js';
import { CLAIM_LINK_RULES } from './claim-links.js';
import { CLAIM_RESPONSE_RULES } from './claim-response.js';
import { COMMUNICATION_RULES } from './communication.js';
import { ELIGIBILITY_RESPONSE_RULES } from './eligibility-response.js';
import { MESSAGE_HEADER_RULES } from './message-header.js';
import { PAYMENT_RULES } from './payment.js';
import { TASK_RULES } from './task.js';

export const RESPONSE_RULES: readonly Rule[] = [
  ...CLAIM_RESPONSE_RULES,
  ...ELIGIBILITY_RESPONSE_RULES,
  ...TASK_RULES,
  ...COMMUNICATION_RULES,
  ...PAYMENT_RULES,
  ...MESSAGE_HEADER_RULES,
  ...BATCH_RULES,
  ...CLAIM_LINK_RULES,
];
