import { claimRule, itemProblems } from './claim-context.js';
import type { JsonObject } from '../../../../fhir/json.js';

/**
 * BV-00066 "Either Claim.item.servicedDate or Claim.item.servicedPeriod SHALL exist, but, not both".
 * Claims (claim-request); BV-00122 says the same for prior authorizations.
 */
export const BV_00066 = claimRule('BV-00066', (claim) => itemProblems(claim, notExactlyOneServiced, '', 'an item needs exactly one of servicedDate and servicedPeriod'));

function notExactlyOneServiced(item: JsonObject): boolean {
  return (item.servicedDate === undefined) === (item.servicedPeriod === undefined);
}
