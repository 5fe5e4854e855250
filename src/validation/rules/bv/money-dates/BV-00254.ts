import { netSumRule } from './money.js';

/**
 * BV-00254 "Claim.item.detail.net SHALL be equal to the sum of Claim.item.detail.subDetail.net if Claim.item.detail has children and Claim.item.extension.package="false" or non-existing".
 */
export const BV_00254 = netSumRule('BV-00254', 'detail');
