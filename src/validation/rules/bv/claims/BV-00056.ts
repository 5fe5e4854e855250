import { payeePartyRule } from './payee-party.js';

/** BV-00056 Claim.payee.party "Required if Payee type='other'". */
export const BV_00056 = payeePartyRule('BV-00056', 'required-for-other');
