import { lengthRule } from './max-length.js';

/** BV-00275 "Identifier.value dataType SHALL have a maximum length of 100 Characters". */
export const BV_00275 = lengthRule('BV-00275');
