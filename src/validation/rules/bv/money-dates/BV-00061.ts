import { resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';
import { servicedOf, items } from './claim-context.js';

/**
 * BV-00061 "When the Claim.use="claim" then Claim.item.serviced[x] (Claim.item.servicedPeriod or Claim.item.servicedDate, whichever is present) SHALL be on or before the creation date".
 */
export const BV_00061 = resourceRule('BV-00061', 'Claim', 'focal', (claim): Problem[] => {
  const created = parseDate(claim.created);
  if (claim.use !== 'claim' || !created) return [];
  return items(claim).flatMap(({ item, path }): Problem[] => {
    const serviced = servicedOf(item, path);
    const last = serviced?.end ?? serviced?.start;
    if (!serviced || !last || compareDates(last, created) <= 0) return [];
    return [{ at: serviced.isPeriod ? `${serviced.at}.end` : serviced.at, why: 'the service is after the claim was created' }];
  });
});
