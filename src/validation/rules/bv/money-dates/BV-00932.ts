import { resourceRule, objects } from './support.js';
import { items } from './claim-context.js';
import { asObject } from '../../../../fhir/json.js';

const CODES = new Set(['73050-18-50', '73050-18-60']);

/**
 * BV-00932 "if Claim.use="claim" and Claim.item.productOrService.coding.code= "73050-18-50" or "73050-18-60" then Claim.item.quantity for this item shall be equal to "1"".
 */
export const BV_00932 = resourceRule('BV-00932', 'Claim', 'focal', (claim) =>
  claim.use !== 'claim'
    ? []
    : items(claim)
        .filter(({ item }) => objects(asObject(item.productOrService)?.coding).some(({ object }) => CODES.has(String(object.code))))
        .filter(({ item }) => asObject(item.quantity)?.value !== 1)
        .map(({ path }) => ({ at: `${path}.quantity`, why: 'this service is billed with quantity 1' })),
);
