import { attachmentRule } from './attachment.js';

/** BV-00342 "Attachment.data SHALL be provided if Attachment.url is not provided". */
export const BV_00342 = attachmentRule('BV-00342', 'data', (a) => a.url === undefined && a.data === undefined);
