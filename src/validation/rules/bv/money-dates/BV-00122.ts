import { claimRule, itemProblems } from './claim-context.js';
import type { JsonObject } from '../../../../fhir/json.js';

/**
 * BV-00122 "Authroization - Claim.servicedate SHALL be period or date.".
 * Prior authorizations (priorauth-request). BV-00123 repeats this text word for word and is not enforced twice.
 */
export const BV_00122 = claimRule('BV-00122', (claim) => itemProblems(claim, notExactlyOneServiced, '', 'an item needs exactly one of servicedDate and servicedPeriod'));

function notExactlyOneServiced(item: JsonObject): boolean {
  return (item.servicedDate === undefined) === (item.servicedPeriod === undefined);
}
