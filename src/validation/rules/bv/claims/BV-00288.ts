import { lengthRule } from './max-length.js';

/** BV-00288 "Address.text dataType SHALL have a maximum length of 500  English Characters and 250 Arabic Characters". */
export const BV_00288 = lengthRule('BV-00288');
