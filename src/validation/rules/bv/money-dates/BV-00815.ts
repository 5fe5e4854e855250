import { quantityOrReasonRule } from './supporting-info.js';

/**
 * BV-00815 "If Claim.supportingInfo.category.coding.code="vital-sign-height" then either Claim.supportingInfo.valueQuantity or Claim.supportingInfo.reason SHALL exist".
 */
export const BV_00815 = quantityOrReasonRule('BV-00815', 'vital-sign-height');
