import { claimCurrencyRule, lineMoney } from './money.js';

/**
 * BV-00087 "Claim.item.extension.payerShare.currency SHALL be SAR".
 */
export const BV_00087 = claimCurrencyRule('BV-00087', (claim) => lineMoney(claim, 'item', 'payer-share'));
