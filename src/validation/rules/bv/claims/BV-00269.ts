import { maxLengthRule, resourceRoot } from './max-length.js';

/** BV-00269 "id dataType SHALL have a maximum length of 64 Characters". */
export const BV_00269 = maxLengthRule('BV-00269', { english: 64 }, resourceRoot(undefined, 'id'));
