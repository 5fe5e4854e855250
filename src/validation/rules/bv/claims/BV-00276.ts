import { lengthRule } from './max-length.js';

/** BV-00276 "Annotation.authorString dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00276 = lengthRule('BV-00276');
