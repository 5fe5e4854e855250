import { claimSubtypeRule } from './claim-subtype.js';

/** BV-00368 "Claim.subtype SHALL be "OP" when Claim.type="Pharmacy"". */
export const BV_00368 = claimSubtypeRule('BV-00368', 'pharmacy', ['op']);
