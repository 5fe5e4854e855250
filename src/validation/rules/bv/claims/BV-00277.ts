import { lengthRule } from './max-length.js';

/** BV-00277 "CodeableConcept.text dataType SHALL have a maximum length of 250 Characters". */
export const BV_00277 = lengthRule('BV-00277');
