import { lineCurrencyRule } from './money.js';

/**
 * BV-00094 "Claim.Item.Detail.UnitPrice.Currency ShALL be SAR".
 */
export const BV_00094 = lineCurrencyRule('BV-00094', 'detail', 'unitPrice');
