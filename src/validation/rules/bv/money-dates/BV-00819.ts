import { quantityOrReasonRule } from './supporting-info.js';

/**
 * BV-00819 "If Claim.supportingInfo.category.coding.code="respiratory-rate" then either Claim.supportingInfo.valueQuantity or Claim.supportingInfo.reason SHALL exist".
 */
export const BV_00819 = quantityOrReasonRule('BV-00819', 'respiratory-rate');
