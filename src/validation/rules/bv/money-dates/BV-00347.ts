import type { JsonObject } from '../../../../fhir/json.js';
import { claimRule } from './claim-context.js';
import { isInFuture, parseDate } from './dates.js';
import { extensionIndex, nphiesExtension, NO_PROBLEMS } from './support.js';

const OFFLINE_DATE = nphiesExtension('eligibility-offline-date');

/**
 * BV-00347 "Claim.extension.eligibilityOffLineDate SHALL be current date or less".
 * Current date is the gateway clock (`context.now()`), with the ±15-minute skew NPHIES allows.
 */
export const BV_00347 = claimRule('BV-00347', ({ claim }, context) => {
  const index = extensionIndex(claim, OFFLINE_DATE);
  if (index < 0) return NO_PROBLEMS;
  const date = parseDate((claim.extension as JsonObject[])[index]!.valueDateTime);
  return date && isInFuture(date, context.now()) ? [{ at: `extension[${index}].valueDateTime`, why: 'the offline date is later than today' }] : NO_PROBLEMS;
});
