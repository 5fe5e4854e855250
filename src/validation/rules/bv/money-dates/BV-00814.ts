import { quantityOrReasonRule } from './supporting-info.js';

/**
 * BV-00814 "If Claim.supportingInfo.category.coding.code="vital-sign-diastolic" then either Claim.supportingInfo.valueQuantity or Claim.supportingInfo.reason SHALL exist".
 */
export const BV_00814 = quantityOrReasonRule('BV-00814', 'vital-sign-diastolic');
