import { quantityRule } from './supporting-info.js';

/**
 * BV-00418 "If Claim.supportingInfo.category.coding.code="icu-hours" then Claim.supportingInfo.valueQuantity SHALL exist and Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code= h".
 */
export const BV_00418 = quantityRule('BV-00418', 'icu-hours', { required: true, code: 'h' });
