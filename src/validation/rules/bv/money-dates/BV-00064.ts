import { claimRule } from './claim-context.js';
import { isInFuture } from './dates.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00064 "Claim.created SHALL be on or before the date received".
 * The date received is the gateway clock (`context.now()`), with the ±15-minute skew NPHIES allows.
 */
export const BV_00064 = claimRule('BV-00064', (claim, context) => {
  const created = claim.created;
  return created && isInFuture(created, context.now()) ? [{ at: 'created', why: 'created is later than the time the message was received' }] : NO_PROBLEMS;
});
