import { providerIsSenderRule } from './provider-is-sender.js';

/** BV-00351 "Claim.provider SHALL refer to an organization where Organization.identifier is equal to the MessageHeader.sender". */
export const BV_00351 = providerIsSenderRule('BV-00351', 'Claim');
