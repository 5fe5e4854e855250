import { lengthRule } from './max-length.js';

/** BV-00305 "Reference.reference dataType SHALL have a maximum length of 250 Characters". */
export const BV_00305 = lengthRule('BV-00305');
