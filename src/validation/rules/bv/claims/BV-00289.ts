import { maxLengthRule, under } from './max-length.js';

/** BV-00289 "Address.line dataType SHALL have a maximum length of 200  English Characters and 100 Arabic Characters". */
export const BV_00289 = maxLengthRule('BV-00289', { english: 200, arabic: 100 }, under(['address'], 'line'));
