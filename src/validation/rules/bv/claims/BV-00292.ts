import { lengthRule } from './max-length.js';

/** BV-00292 "Address.state dataType SHALL have a maximum length of 200  English Characters and 100 Arabic Characters". */
export const BV_00292 = lengthRule('BV-00292');
