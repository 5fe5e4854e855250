import { quantityRule } from './supporting-info.js';

/**
 * BV-00419 "If Claim.supportingInfo.category.coding.code="ventilation-hours" then Claim.supportingInfo.valueQuantity SHALL exist and Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code= h".
 */
export const BV_00419 = quantityRule('BV-00419', 'ventilation-hours', { required: true, code: 'h' });
