import { claimCurrencyRule, lineMoney } from './money.js';

/**
 * BV-00095 "Claim.Item.Detail.Net.Currency ShALL be SAR".
 */
export const BV_00095 = claimCurrencyRule('BV-00095', (claim) => lineMoney(claim, 'detail', 'net'));
