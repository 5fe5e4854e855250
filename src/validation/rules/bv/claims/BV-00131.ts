import { taskFocusTypeRule } from './task-focus-type.js';

/** BV-00131 "Cancel Request SHALL have a valid resourceType Claim, or claim response( Advanced Authorization)". */
export const BV_00131 = taskFocusTypeRule('BV-00131', ['Claim', 'ClaimResponse']);
