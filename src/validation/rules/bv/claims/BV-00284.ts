import { maxLengthRule, humanName } from './max-length.js';

/** BV-00284 "HumanName.given dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00284 = maxLengthRule('BV-00284', { english: 100, arabic: 50 }, humanName('given'));
