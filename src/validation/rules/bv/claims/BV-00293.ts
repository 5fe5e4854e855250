import { lengthRule } from './max-length.js';

/** BV-00293 "Address.postalCode dataType SHALL have a maximum length of 50 Characters". */
export const BV_00293 = lengthRule('BV-00293');
