import { resourceRule, extensionOf } from './support.js';

/**
 * BV-00349 "Claim.extension.eligibilityOffLineDate SHALL exist if Claim.extension.eligibilityOffLine is present".
 * The eligibilityOffLine extension of the rule is `extension-eligibility-offline-reference` in the NPHIES profiles.
 */
export const BV_00349 = resourceRule('BV-00349', 'Claim', 'focal', (claim) => {
  const reference = extensionOf(claim, 'eligibility-offline-reference');
  return reference && !extensionOf(claim, 'eligibility-offline-date')
    ? [{ at: `extension[${reference.index}]`, why: 'an offline eligibility needs its date (extension-eligibility-offline-date)' }]
    : [];
});
