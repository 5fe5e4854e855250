import { quantityRule } from './supporting-info.js';

/**
 * BV-00489 "If Claim.supportingInfo.category.coding.code="respiratory-rate" and Claim.supportingInfo.valueQuantity exist then the Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=/min".
 */
export const BV_00489 = quantityRule('BV-00489', 'respiratory-rate', { required: false, code: '/min' });
