import { lengthRule } from './max-length.js';

/** BV-00306 "Reference.display dataType SHALL have a maximum length of 200 Characters". */
export const BV_00306 = lengthRule('BV-00306');
