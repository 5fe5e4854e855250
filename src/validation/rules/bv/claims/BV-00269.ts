import { lengthRule } from './max-length.js';

/** BV-00269 "id dataType SHALL have a maximum length of 64 Characters". */
export const BV_00269 = lengthRule('BV-00269');
