import { claimCurrencyRule } from './money.js';

/**
 * BV-00096 "Claim.Total.Currency ShALL be SAR".
 */
export const BV_00096 = claimCurrencyRule('BV-00096', (claim) => (claim.total === undefined ? [] : [{ at: 'total', money: claim.total }]));
