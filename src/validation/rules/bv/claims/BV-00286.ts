import { lengthRule } from './max-length.js';

/** BV-00286 "HumanName.suffix dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00286 = lengthRule('BV-00286');
