import { netSumRule } from './money.js';

/**
 * BV-00224 "Claim.item.net SHALL be equal to the sum of Claim.item.detail.net if Claim.item has children and Claim.item.extension.package="false" or non-existing".
 */
export const BV_00224 = netSumRule('BV-00224', 'item');
