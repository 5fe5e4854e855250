import { maxLengthRule, reference } from './max-length.js';

/** BV-00305 "Reference.reference dataType SHALL have a maximum length of 250 Characters". */
export const BV_00305 = maxLengthRule('BV-00305', { english: 250 }, reference('reference'));
