import { claimCurrencyRule, lineMoney } from './money.js';

/**
 * BV-00086 "Claim.item.extension.tax.currency SHALL be SAR".
 */
export const BV_00086 = claimCurrencyRule('BV-00086', (claim) => lineMoney(claim, 'item', 'tax'));
