import { resourceRule } from './support.js';
import { items } from './claim-context.js';

/**
 * BV-00122 "Authroization - Claim.servicedate SHALL be period or date.".
 * Prior authorizations (priorauth-request). BV-00123 repeats this text word for word and is not enforced twice.
 */
export const BV_00122 = resourceRule('BV-00122', 'Claim', 'focal', (claim) =>
  items(claim)
    .filter(({ item }) => (item.servicedDate === undefined) === (item.servicedPeriod === undefined))
    .map(({ path }) => ({ at: path, why: 'an item needs exactly one of servicedDate and servicedPeriod' })),
);
