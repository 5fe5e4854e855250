import { payeePartyRule } from './payee-party.js';

/** BV-00494 "Claim.payee.party SHALL be used only when Claim.payee.type="Other"". */
export const BV_00494 = payeePartyRule('BV-00494', 'only-for-other');
