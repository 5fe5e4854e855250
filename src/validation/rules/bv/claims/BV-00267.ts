import { lengthRule } from './max-length.js';

/** BV-00267 "code dataType SHALL have a maximum length of 30 Characters". */
export const BV_00267 = lengthRule('BV-00267');
