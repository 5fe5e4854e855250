import { uniqueSequenceRule } from './unique-sequence.js';

/** BV-00044 "Claim.item.Sequence value SHALL be unique within the Claim resource". */
export const BV_00044 = uniqueSequenceRule('BV-00044', 'item');
