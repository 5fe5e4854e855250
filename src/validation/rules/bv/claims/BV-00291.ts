import { lengthRule } from './max-length.js';

/** BV-00291 "Address.district dataType SHALL have a maximum length of 200  English Characters and 100 Arabic Characters". */
export const BV_00291 = lengthRule('BV-00291');
