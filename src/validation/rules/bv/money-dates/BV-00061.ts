import { claimRule } from './claim-context.js';
import { compareDates } from './dates.js';
import { NO_PROBLEMS, type Problem } from './support.js';

/**
 * BV-00061 "When the Claim.use="claim" then Claim.item.serviced[x] (Claim.item.servicedPeriod or Claim.item.servicedDate, whichever is present) SHALL be on or before the creation date".
 */
export const BV_00061 = claimRule('BV-00061', (claim) => {
  const created = claim.use === 'claim' ? claim.created : undefined;
  if (!created) return NO_PROBLEMS;
  let problems: Problem[] | undefined;
  for (const { serviced } of claim.items) {
    const last = serviced?.end ?? serviced?.start;
    if (!serviced || !last || compareDates(last, created) <= 0) continue;
    (problems ??= []).push({ at: serviced.isPeriod ? `${serviced.at}.end` : serviced.at, why: 'the service is after the claim was created' });
  }
  return problems ?? NO_PROBLEMS;
});
