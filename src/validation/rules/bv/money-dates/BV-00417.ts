import { quantityRule } from './supporting-info.js';

/**
 * BV-00417 "If Claim.supportingInfo.category.coding.code="vital-sign-height" and Claim.supportingInfo.valueQuantity exist then the Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=cm".
 */
export const BV_00417 = quantityRule('BV-00417', 'vital-sign-height', { required: false, code: 'cm' });
