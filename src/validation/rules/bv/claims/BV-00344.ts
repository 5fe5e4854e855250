import { attachmentRule } from './attachment.js';

/** BV-00344 "Attachment.size SHALL be provided if Attachment.url is provided". */
export const BV_00344 = attachmentRule('BV-00344', 'size', (a) => a.url !== undefined && a.size === undefined);
