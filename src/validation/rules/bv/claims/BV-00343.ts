import { attachmentRule } from './attachment.js';

/** BV-00343 "Attachment.url SHALL be provided if Attachment.data is not provided". */
export const BV_00343 = attachmentRule('BV-00343', 'url', (a) => a.data === undefined && a.url === undefined);
