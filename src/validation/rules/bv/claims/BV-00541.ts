import { providerIsSenderRule } from './provider-is-sender.js';

/** BV-00541 "CoverageEligibilityRequest.provider SHALL refer to an organization where Organization.identifier is equal to the MessageHeader.sender". */
export const BV_00541 = providerIsSenderRule('BV-00541', 'CoverageEligibilityRequest');
