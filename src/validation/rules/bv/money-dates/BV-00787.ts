import { quantityRule } from './supporting-info.js';

/**
 * BV-00787 "If Claim.supportingInfo.category.coding.code="admission-weight" then Claim.supportingInfo.valueQuantity SHALL exist and Claim.supportingInfo.valueQuantity.system SHALL refer to "http://unitsofmeasure.org" and SHALL use code=kg".
 */
export const BV_00787 = quantityRule('BV-00787', 'admission-weight', { required: true, code: 'kg' });
