import { quantityRule } from './supporting-info.js';

/**
 * BV-00414 "If Claim.supportingInfo.category.coding.code="vital-sign-weight" and Claim.supportingInfo.valueQuantity exist then the Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=kg".
 */
export const BV_00414 = quantityRule('BV-00414', 'vital-sign-weight', { required: false, code: 'kg' });
