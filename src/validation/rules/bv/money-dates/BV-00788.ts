import { quantityRule } from './supporting-info.js';

/**
 * BV-00788 "If Claim.supportingInfo.category.coding.code="estimated-Length-of-Stay" then Claim.supportingInfo.valueQuantity SHALL exist and Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=d".
 */
export const BV_00788 = quantityRule('BV-00788', 'estimated-Length-of-Stay', { required: true, code: 'd' });
