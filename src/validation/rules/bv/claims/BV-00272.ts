import { lengthRule } from './max-length.js';

/** BV-00272 "positiveInt dataType SHALL have a maximum length of 11 Characters" (measured on the number's decimal form). */
export const BV_00272 = lengthRule('BV-00272');
