import { claimCurrencyRule, lineMoney } from './money.js';

/**
 * BV-00093 "Claim.Item.Net.Currency ShALL be SAR".
 */
export const BV_00093 = claimCurrencyRule('BV-00093', (claim) => lineMoney(claim, 'item', 'net'));
