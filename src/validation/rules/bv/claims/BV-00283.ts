import { maxLengthRule, humanName } from './max-length.js';

/** BV-00283 "HumanName.family dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00283 = maxLengthRule('BV-00283', { english: 100, arabic: 50 }, humanName('family'));
