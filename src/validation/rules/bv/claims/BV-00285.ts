import { lengthRule } from './max-length.js';

/** BV-00285 "HumanName.prefix dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00285 = lengthRule('BV-00285');
