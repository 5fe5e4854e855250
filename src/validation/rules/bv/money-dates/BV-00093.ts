import { lineCurrencyRule } from './money.js';

/**
 * BV-00093 "Claim.Item.Net.Currency ShALL be SAR".
 */
export const BV_00093 = lineCurrencyRule('BV-00093', 'item', 'net');
