import { quantityOrReasonRule } from './supporting-info.js';

/**
 * BV-00818 "If Claim.supportingInfo.category.coding.code="oxygen-saturation" then either Claim.supportingInfo.valueQuantity or Claim.supportingInfo.reason SHALL exist".
 */
export const BV_00818 = quantityOrReasonRule('BV-00818', 'oxygen-saturation');
