import { maxLengthRule, humanName } from './max-length.js';

/** BV-00282 "HumanName.text dataType SHALL have a maximum length of 250  English Characters and 125 Arabic Characters". */
export const BV_00282 = maxLengthRule('BV-00282', { english: 250, arabic: 125 }, humanName('text'));
