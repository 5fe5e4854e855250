import { lengthRule } from './max-length.js';

/** BV-00271 "unsignedInt dataType SHALL have a maximum length of 11 Characters" (Attachment.size, the unsignedInt NPHIES messages carry; measured on the number's decimal form). */
export const BV_00271 = lengthRule('BV-00271');
