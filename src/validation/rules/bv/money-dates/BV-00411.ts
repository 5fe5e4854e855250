import { quantityRule } from './supporting-info.js';

/**
 * BV-00411 "If Claim.supportingInfo.category.coding.code="lab-test" then Claim.supportingInfo.valueQuantity SHALL exist and SHALL use a value specified in the system="http://unitsofmeasure.org"".
 */
export const BV_00411 = quantityRule('BV-00411', 'lab-test', { required: true });
