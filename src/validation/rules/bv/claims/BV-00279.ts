import { maxLengthRule, coding } from './max-length.js';

/** BV-00279 "Coding.display dataType SHALL have a maximum length of 100 Characters". */
export const BV_00279 = maxLengthRule('BV-00279', { english: 100 }, coding('display'));
