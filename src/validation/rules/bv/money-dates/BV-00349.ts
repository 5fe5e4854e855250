import { claimRule } from './claim-context.js';
import { extensionIndex, nphiesExtension, NO_PROBLEMS } from './support.js';

const OFFLINE_REFERENCE = nphiesExtension('eligibility-offline-reference');
const OFFLINE_DATE = nphiesExtension('eligibility-offline-date');

/**
 * BV-00349 "Claim.extension.eligibilityOffLineDate SHALL exist if Claim.extension.eligibilityOffLine is present".
 * The eligibilityOffLine extension of the rule is `extension-eligibility-offline-reference` in the NPHIES profiles.
 */
export const BV_00349 = claimRule('BV-00349', ({ claim }) => {
  const reference = extensionIndex(claim, OFFLINE_REFERENCE);
  return reference >= 0 && extensionIndex(claim, OFFLINE_DATE) < 0
    ? [{ at: `extension[${reference}]`, why: 'an offline eligibility needs its date (extension-eligibility-offline-date)' }]
    : NO_PROBLEMS;
});
