import { resourceRule, extensionOf, objects } from './support.js';
import { asArray } from '../../../../fhir/json.js';

/**
 * BV-00462 "If Claim.insurance.preAuthRef exists where Claim.insurance.focal="true" then either Claim.extension.authorizationOffLineDate or Claim.extension.priorauthResponse SHALL be provided".
 */
export const BV_00462 = resourceRule('BV-00462', 'Claim', 'focal', (claim) => {
  const focal = objects(claim.insurance).find(({ object }) => object.focal === true);
  if (!focal || asArray(focal.object.preAuthRef).length === 0) return [];
  if (extensionOf(claim, 'authorization-offline-date') || extensionOf(claim, 'priorauth-response')) return [];
  return [{ at: `insurance[${focal.index}].preAuthRef`, why: 'preAuthRef needs extension-authorization-offline-date or extension-priorauth-response' }];
});
