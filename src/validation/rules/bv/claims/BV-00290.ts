import { lengthRule } from './max-length.js';

/** BV-00290 "Address.city dataType SHALL have a maximum length of 200  English Characters and 100 Arabic Characters". */
export const BV_00290 = lengthRule('BV-00290');
