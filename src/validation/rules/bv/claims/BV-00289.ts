import { lengthRule } from './max-length.js';

/** BV-00289 "Address.line dataType SHALL have a maximum length of 200  English Characters and 100 Arabic Characters". */
export const BV_00289 = lengthRule('BV-00289');
