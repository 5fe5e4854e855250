import { resourceRule } from './support.js';
import { items } from './claim-context.js';

/**
 * BV-00066 "Either Claim.item.servicedDate or Claim.item.servicedPeriod SHALL exist, but, not both".
 * Claims (claim-request); BV-00122 says the same for prior authorizations.
 */
export const BV_00066 = resourceRule('BV-00066', 'Claim', 'focal', (claim) =>
  items(claim)
    .filter(({ item }) => (item.servicedDate === undefined) === (item.servicedPeriod === undefined))
    .map(({ path }) => ({ at: path, why: 'an item needs exactly one of servicedDate and servicedPeriod' })),
);
