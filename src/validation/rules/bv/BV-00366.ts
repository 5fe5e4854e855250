import { claimSubtypeRule } from './claim-subtype.js';

/** BV-00366 "Claim.subtype SHALL be "OP" when Claim.type="oral"". */
export const BV_00366 = claimSubtypeRule('BV-00366', 'oral', ['op']);
