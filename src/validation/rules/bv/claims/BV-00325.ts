import { lengthRule } from './max-length.js';

/** BV-00325 "Organization.name SHALL have maximum length of 250 English characters and 125 Arabic characters". */
export const BV_00325 = lengthRule('BV-00325');
