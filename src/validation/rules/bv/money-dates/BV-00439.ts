import { claimRule, itemProblems } from './claim-context.js';
import type { JsonObject } from '../../../../fhir/json.js';

/**
 * BV-00439 "Claim.item.servicedDate SHALL not be present when Claim.item.period is used".
 */
export const BV_00439 = claimRule('BV-00439', (claim) => itemProblems(claim, bothServiced, 'servicedDate', 'servicedDate is not allowed with servicedPeriod'));

function bothServiced(item: JsonObject): boolean {
  return item.servicedDate !== undefined && item.servicedPeriod !== undefined;
}
