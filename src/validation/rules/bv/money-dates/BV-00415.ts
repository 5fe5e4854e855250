import { quantityRule } from './supporting-info.js';

/**
 * BV-00415 "If Claim.supportingInfo.category.coding.code="vital-sign-systolic" and Claim.supportingInfo.valueQuantity exist then the Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=mm[Hg]".
 */
export const BV_00415 = quantityRule('BV-00415', 'vital-sign-systolic', { required: false, code: 'mm[Hg]' });
