import { quantityOrReasonRule } from './supporting-info.js';

/**
 * BV-00812 "If Claim.supportingInfo.category.coding.code="vital-sign-weight" then either Claim.supportingInfo.valueQuantity or Claim.supportingInfo.reason SHALL exist".
 */
export const BV_00812 = quantityOrReasonRule('BV-00812', 'vital-sign-weight');
