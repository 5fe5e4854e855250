import { quantityRule } from './supporting-info.js';

/**
 * BV-00509 "If Claim.supportingInfo.category.coding.code="birth-weight" then Claim.supportingInfo.valueQuantity SHALL exist and Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=kg".
 */
export const BV_00509 = quantityRule('BV-00509', 'birth-weight', { required: true, code: 'kg' });
