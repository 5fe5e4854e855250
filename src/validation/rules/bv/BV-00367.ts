import { claimSubtypeRule } from './claim-subtype.js';

/** BV-00367 "Claim.subtype SHALL be "OP" when Claim.type="Vision"". */
export const BV_00367 = claimSubtypeRule('BV-00367', 'vision', ['op']);
