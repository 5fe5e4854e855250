import { claimCurrencyRule, lineMoney } from './money.js';

/**
 * BV-00094 "Claim.Item.Detail.UnitPrice.Currency ShALL be SAR".
 */
export const BV_00094 = claimCurrencyRule('BV-00094', (claim) => lineMoney(claim, 'detail', 'unitPrice'));
