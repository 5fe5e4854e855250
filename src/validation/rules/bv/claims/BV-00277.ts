import { maxLengthRule, codeableConcept } from './max-length.js';

/** BV-00277 "CodeableConcept.text dataType SHALL have a maximum length of 250 Characters". */
export const BV_00277 = maxLengthRule('BV-00277', { english: 250 }, codeableConcept('text'));
