import { lengthRule } from './max-length.js';

/** BV-00274 "Attachment.title dataType SHALL have a maximum length of 250  English Characters and 125 Arabic Characters". */
export const BV_00274 = lengthRule('BV-00274');
