import { lineCurrencyRule } from './money.js';

/**
 * BV-00092 "Claim.Item.UnitPrice.Currency ShALL be SAR".
 */
export const BV_00092 = lineCurrencyRule('BV-00092', 'item', 'unitPrice');
