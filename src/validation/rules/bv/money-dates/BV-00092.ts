import { claimCurrencyRule, lineMoney } from './money.js';

/**
 * BV-00092 "Claim.Item.UnitPrice.Currency ShALL be SAR".
 */
export const BV_00092 = claimCurrencyRule('BV-00092', (claim) => lineMoney(claim, 'item', 'unitPrice'));
