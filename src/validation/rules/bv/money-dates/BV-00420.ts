import { resourceRule, extensionOf, objects } from './support.js';
import { asArray } from '../../../../fhir/json.js';

/**
 * BV-00420 "If Claim.extension.authorizationOffLineDate is used then Claim.insurance.preAuthRef SHALL be present".
 */
export const BV_00420 = resourceRule('BV-00420', 'Claim', 'focal', (claim) => {
  if (!extensionOf(claim, 'authorization-offline-date')) return [];
  const insurances = objects(claim.insurance);
  if (insurances.some(({ object }) => asArray(object.preAuthRef).length > 0)) return [];
  const focal = insurances.find(({ object }) => object.focal === true) ?? insurances[0];
  return [{ at: focal ? `insurance[${focal.index}].preAuthRef` : 'insurance', why: 'an offline authorization needs its preAuthRef' }];
});
