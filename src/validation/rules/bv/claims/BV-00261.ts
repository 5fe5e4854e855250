import { maxLengthRule, anyOf, coding, under } from './max-length.js';

/** BV-00261 "uri, url, Canonical dataType SHALL have a maximum length of 255 Characters". */
export const BV_00261 = maxLengthRule('BV-00261', { english: 255 }, anyOf(under(['identifier'], 'system'), coding('system'), under(['extension', 'modifierExtension'], 'url'), under(['meta'], 'profile')));
