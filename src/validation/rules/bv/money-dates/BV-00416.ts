import { quantityRule } from './supporting-info.js';

/**
 * BV-00416 "If Claim.supportingInfo.category.coding.code="vital-sign-diastolic" and Claim.supportingInfo.valueQuantity exist then the Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=mm[Hg]".
 */
export const BV_00416 = quantityRule('BV-00416', 'vital-sign-diastolic', { required: false, code: 'mm[Hg]' });
