import { timingRule } from './supporting-info.js';

/**
 * BV-00409 "If Claim.supportingInfo.category.coding.code="employmentImpacted" then Claim.supportingInfo.timingPeriod SHALL exist".
 */
export const BV_00409 = timingRule('BV-00409', 'employmentImpacted', 'timingPeriod');
