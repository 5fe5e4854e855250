import { resourceRule, extensionOf } from './support.js';
import { parseDate, isInFuture } from './dates.js';

/**
 * BV-00347 "Claim.extension.eligibilityOffLineDate SHALL be current date or less".
 * Current date is the gateway clock (`context.now()`), with the ±15-minute skew NPHIES allows.
 */
export const BV_00347 = resourceRule('BV-00347', 'Claim', 'focal', (claim, scan) => {
  const found = extensionOf(claim, 'eligibility-offline-date');
  const date = parseDate(found?.extension.valueDateTime);
  return found && date && isInFuture(date, scan.context.now())
    ? [{ at: `extension[${found.index}].valueDateTime`, why: 'the offline date is later than today' }]
    : [];
});
