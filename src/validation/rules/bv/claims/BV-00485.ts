import { payeePartyRule } from './payee-party.js';

/** BV-00485 "When Claim.payeeType.coding.code="other" then the Claim.payee.party SHALL be provided". */
export const BV_00485 = payeePartyRule('BV-00485', 'required-for-other');
