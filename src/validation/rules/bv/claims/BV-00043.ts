import { uniqueSequenceRule } from './unique-sequence.js';

/** BV-00043 "item.detail.subdetail.sequence in the claim SHALL be unique within the claim.item.detail". */
export const BV_00043 = uniqueSequenceRule('BV-00043', 'subDetail');
