import { quantityRule } from './supporting-info.js';

/**
 * BV-00486 "If Claim.supportingInfo.category.coding.code="temperature" and Claim.supportingInfo.valueQuantity exist then the Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=cel".
 * UCUM's code for degrees Celsius is `Cel` (the rule text writes it in lower case).
 */
export const BV_00486 = quantityRule('BV-00486', 'temperature', { required: false, code: 'Cel' });
