import { lineCurrencyRule } from './money.js';

/**
 * BV-00089 "Claim.item.detail.extension.tax.currency SHALL be SAR".
 */
export const BV_00089 = lineCurrencyRule('BV-00089', 'detail', { extension: 'tax' });
