import { quantityOrReasonRule } from './supporting-info.js';

/**
 * BV-00817 "If Claim.supportingInfo.category.coding.code="pulse" then either Claim.supportingInfo.valueQuantity or Claim.supportingInfo.reason SHALL exist".
 */
export const BV_00817 = quantityOrReasonRule('BV-00817', 'pulse');
