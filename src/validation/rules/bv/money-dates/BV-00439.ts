import { resourceRule } from './support.js';
import { items } from './claim-context.js';

/**
 * BV-00439 "Claim.item.servicedDate SHALL not be present when Claim.item.period is used".
 */
export const BV_00439 = resourceRule('BV-00439', 'Claim', 'focal', (claim) =>
  items(claim)
    .filter(({ item }) => item.servicedDate !== undefined && item.servicedPeriod !== undefined)
    .map(({ path }) => ({ at: `${path}.servicedDate`, why: 'servicedDate is not allowed with servicedPeriod' })),
);
