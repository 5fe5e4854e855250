import { lengthRule } from './max-length.js';

/** BV-00282 "HumanName.text dataType SHALL have a maximum length of 250  English Characters and 125 Arabic Characters". */
export const BV_00282 = lengthRule('BV-00282');
