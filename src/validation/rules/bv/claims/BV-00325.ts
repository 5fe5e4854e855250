import { maxLengthRule, resourceRoot } from './max-length.js';

/** BV-00325 "Organization.name SHALL have maximum length of 250 English characters and 125 Arabic characters". */
export const BV_00325 = maxLengthRule('BV-00325', { english: 250, arabic: 125 }, resourceRoot('Organization', 'name'));
