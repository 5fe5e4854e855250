import { claimSubtypeRule } from './claim-subtype.js';

/** BV-00364 "Claim.subtype SHALL only be "IP" when Claim.type="Institutional"". */
export const BV_00364 = claimSubtypeRule('BV-00364', 'institutional', ['ip']);
