import { maxLengthRule, under } from './max-length.js';

/** BV-00293 "Address.postalCode dataType SHALL have a maximum length of 50 Characters". */
export const BV_00293 = maxLengthRule('BV-00293', { english: 50 }, under(['address'], 'postalCode'));
