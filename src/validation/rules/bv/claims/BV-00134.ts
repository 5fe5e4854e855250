import { taskFocusTypeRule } from './task-focus-type.js';

/** BV-00134 "Check Status Request SHALL have a valid resourceType (Claim or Authorization)". An authorization is a Claim with use preauthorization. */
export const BV_00134 = taskFocusTypeRule('BV-00134', ['Claim']);
