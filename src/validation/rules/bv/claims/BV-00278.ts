import { lengthRule } from './max-length.js';

/** BV-00278 "Coding.version dataType SHALL have a maximum length of 100 Characters". */
export const BV_00278 = lengthRule('BV-00278');
