import { quantityOrReasonRule } from './supporting-info.js';

/**
 * BV-00813 "If Claim.supportingInfo.category.coding.code="vital-sign-systolic" then either Claim.supportingInfo.valueQuantity or Claim.supportingInfo.reason SHALL exist".
 */
export const BV_00813 = quantityOrReasonRule('BV-00813', 'vital-sign-systolic');
