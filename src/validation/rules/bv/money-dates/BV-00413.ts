import { quantityRule } from './supporting-info.js';

/**
 * BV-00413 "If Claim.supportingInfo.category.coding.code="days-supply" then Claim.supportingInfo.valueQuantity SHALL exist and SHALL use a value specified in the system="http://unitsofmeasure.org"".
 */
export const BV_00413 = quantityRule('BV-00413', 'days-supply', { required: true });
