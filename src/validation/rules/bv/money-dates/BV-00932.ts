import type { JsonObject } from '../../../../fhir/json.js';
import { claimRule, itemProblems } from './claim-context.js';
import { isObject, NO_PROBLEMS } from './support.js';

const CODES = new Set(['73050-18-50', '73050-18-60']);

/**
 * BV-00932 "if Claim.use="claim" and Claim.item.productOrService.coding.code= "73050-18-50" or "73050-18-60" then Claim.item.quantity for this item shall be equal to "1"".
 */
export const BV_00932 = claimRule('BV-00932', (claim) =>
  claim.use === 'claim' ? itemProblems(claim, billedOtherThanOnce, 'quantity', 'this service is billed with quantity 1') : NO_PROBLEMS,
);

/** The item is one of the services and its quantity is not 1. */
function billedOtherThanOnce(item: JsonObject): boolean {
  return isOneOfTheServices(item.productOrService) && !(isObject(item.quantity) && item.quantity.value === 1);
}

function isOneOfTheServices(productOrService: unknown): boolean {
  const coding = isObject(productOrService) ? productOrService.coding : undefined;
  if (!Array.isArray(coding)) return false;
  for (const object of coding) if (isObject(object) && CODES.has(String(object.code))) return true;
  return false;
}
