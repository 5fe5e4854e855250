import { lengthRule } from './max-length.js';

/** BV-00283 "HumanName.family dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00283 = lengthRule('BV-00283');
