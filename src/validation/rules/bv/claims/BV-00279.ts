import { lengthRule } from './max-length.js';

/** BV-00279 "Coding.display dataType SHALL have a maximum length of 100 Characters". */
export const BV_00279 = lengthRule('BV-00279');
