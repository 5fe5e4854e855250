import { quantityRule } from './supporting-info.js';

/**
 * BV-00487 "If Claim.supportingInfo.category.coding.code="pulse" and Claim.supportingInfo.valueQuantity exist then the Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=/min".
 */
export const BV_00487 = quantityRule('BV-00487', 'pulse', { required: false, code: '/min' });
