import { maxLengthRule, under } from './max-length.js';

/** BV-00292 "Address.state dataType SHALL have a maximum length of 200  English Characters and 100 Arabic Characters". */
export const BV_00292 = maxLengthRule('BV-00292', { english: 200, arabic: 100 }, under(['address'], 'state'));
