import { maxLengthRule, under } from './max-length.js';

/** BV-00276 "Annotation.authorString dataType SHALL have a maximum length of 100  English Characters and 50 Arabic Characters". */
export const BV_00276 = maxLengthRule('BV-00276', { english: 100, arabic: 50 }, under(['note'], 'authorString'));
