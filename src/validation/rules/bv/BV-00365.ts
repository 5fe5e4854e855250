import { claimSubtypeRule } from './claim-subtype.js';

/** BV-00365 "Claim.subtype SHALL be "OP", "EMR" when Claim.type="Professional"". */
export const BV_00365 = claimSubtypeRule('BV-00365', 'professional', ['op', 'emr']);
