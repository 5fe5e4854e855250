import { lineCurrencyRule } from './money.js';

/**
 * BV-00095 "Claim.Item.Detail.Net.Currency ShALL be SAR".
 */
export const BV_00095 = lineCurrencyRule('BV-00095', 'detail', 'net');
