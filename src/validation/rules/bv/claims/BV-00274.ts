import { maxLengthRule, attachment } from './max-length.js';

/** BV-00274 "Attachment.title dataType SHALL have a maximum length of 250  English Characters and 125 Arabic Characters". */
export const BV_00274 = maxLengthRule('BV-00274', { english: 250, arabic: 125 }, attachment('title'));
