import { timingRule } from './supporting-info.js';

/**
 * BV-00490 "If Claim.supportingInfo.category.coding.code="last-menstrual-period" then Claim.supportingInfo.timingDate SHALL exist".
 */
export const BV_00490 = timingRule('BV-00490', 'last-menstrual-period', 'timingDate');
