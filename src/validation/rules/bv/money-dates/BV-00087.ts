import { lineCurrencyRule } from './money.js';

/**
 * BV-00087 "Claim.item.extension.payerShare.currency SHALL be SAR".
 */
export const BV_00087 = lineCurrencyRule('BV-00087', 'item', { extension: 'payer-share' });
