import { claimCurrencyRule, lineMoney } from './money.js';

/**
 * BV-00089 "Claim.item.detail.extension.tax.currency SHALL be SAR".
 */
export const BV_00089 = claimCurrencyRule('BV-00089', (claim) => lineMoney(claim, 'detail', 'tax'));
