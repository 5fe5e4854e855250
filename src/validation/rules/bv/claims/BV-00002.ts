import { uniqueSequenceRule } from './unique-sequence.js';

/** BV-00002 "Claim care team sequence SHALL be unique within a claim". */
export const BV_00002 = uniqueSequenceRule('BV-00002', 'careTeam');
