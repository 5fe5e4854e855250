import { isInFuture, parseDate } from './dates.js';
import { NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00062 "CoverageEligibilityRequest.created SHALL be on or before the date received".
 * The date received is the gateway clock (`context.now()`), with the ±15-minute skew NPHIES allows.
 */
export const BV_00062 = resourceRule('BV-00062', 'CoverageEligibilityRequest', 'focal', (resource, _message, context) => {
  const created = parseDate(resource.created);
  return created && isInFuture(created, context.now()) ? [{ at: 'created', why: 'created is later than the time the message was received' }] : NO_PROBLEMS;
});
