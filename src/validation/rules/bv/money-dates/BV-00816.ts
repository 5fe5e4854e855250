import { quantityOrReasonRule } from './supporting-info.js';

/**
 * BV-00816 "If Claim.supportingInfo.category.coding.code="temperature" then either Claim.supportingInfo.valueQuantity or Claim.supportingInfo.reason SHALL exist".
 */
export const BV_00816 = quantityOrReasonRule('BV-00816', 'temperature');
