import { uniqueSequenceRule } from './unique-sequence.js';

/** BV-00042 "item.detail.sequence in the claim SHALL be unique within the claim.item". */
export const BV_00042 = uniqueSequenceRule('BV-00042', 'detail');
