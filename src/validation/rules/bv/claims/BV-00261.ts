import { lengthRule } from './max-length.js';

/** BV-00261 "uri, url, Canonical dataType SHALL have a maximum length of 255 Characters". */
export const BV_00261 = lengthRule('BV-00261');
