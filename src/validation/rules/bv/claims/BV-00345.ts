import { attachmentRule } from './attachment.js';

/** BV-00345 "Attachment.hash SHALL be provided if Attachment.url is provided". */
export const BV_00345 = attachmentRule('BV-00345', 'hash', (a) => a.url !== undefined && a.hash === undefined);
