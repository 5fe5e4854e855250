import { lengthRule } from './max-length.js';

/** BV-00294 "Address.country dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00294 = lengthRule('BV-00294');
