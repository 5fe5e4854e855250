import { lengthRule } from './max-length.js';

/** BV-00287 "ContactPoint.value dataType SHALL have a maximum length of 100 Characters". */
export const BV_00287 = lengthRule('BV-00287');
