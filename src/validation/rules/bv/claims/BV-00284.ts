import { lengthRule } from './max-length.js';

/** BV-00284 "HumanName.given dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00284 = lengthRule('BV-00284');
