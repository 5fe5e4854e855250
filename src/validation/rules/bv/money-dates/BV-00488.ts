import { quantityRule } from './supporting-info.js';

/**
 * BV-00488 "If Claim.supportingInfo.category.coding.code="oxygen-saturation" and Claim.supportingInfo.valueQuantity exist then the Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=% and Claim.supportingInfo.valueQuantity.value SHALL exist".
 */
export const BV_00488 = quantityRule('BV-00488', 'oxygen-saturation', { required: false, code: '%', valueRequired: true });
