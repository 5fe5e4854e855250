import { claimRule } from './claim-context.js';
import { isInFuture } from './dates.js';
import { NO_PROBLEMS } from './support.js';

/**
 * BV-00850 "Encounter.period.start shall be on or before current date when use = "claim"".
 * The Encounter is the Claim's (extension-encounter); current date is the gateway clock with the ±15-minute skew.
 */
export const BV_00850 = claimRule('BV-00850', (claim, context) => {
  if (claim.use !== 'claim') return NO_PROBLEMS;
  const encounter = claim.encounter;
  const start = claim.encounterPeriod.start;
  return encounter && start && isInFuture(start, context.now())
    ? [{ at: 'period.start', entry: encounter.index, why: 'a claimed encounter cannot start in the future' }]
    : NO_PROBLEMS;
});
