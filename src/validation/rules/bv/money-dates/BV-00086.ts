import { lineCurrencyRule } from './money.js';

/**
 * BV-00086 "Claim.item.extension.tax.currency SHALL be SAR".
 */
export const BV_00086 = lineCurrencyRule('BV-00086', 'item', { extension: 'tax' });
