import { asArray } from '../../../../fhir/json.js';
import { claimRule } from './claim-context.js';
import { extensionIndex, isObject, nphiesExtension, NO_PROBLEMS } from './support.js';

const OFFLINE_DATE = nphiesExtension('authorization-offline-date');

/**
 * BV-00420 "If Claim.extension.authorizationOffLineDate is used then Claim.insurance.preAuthRef SHALL be present".
 */
export const BV_00420 = claimRule('BV-00420', ({ claim }) => {
  if (extensionIndex(claim, OFFLINE_DATE) < 0) return NO_PROBLEMS;
  const insurances = asArray(claim.insurance);
  // The preAuthRef is missing from the focal insurance, or else the first one.
  let first = -1;
  let focal = -1;
  for (let index = 0; index < insurances.length; index++) {
    const insurance = insurances[index];
    if (!isObject(insurance)) continue;
    if (Array.isArray(insurance.preAuthRef) && insurance.preAuthRef.length > 0) return NO_PROBLEMS;
    if (first < 0) first = index;
    if (focal < 0 && insurance.focal === true) focal = index;
  }
  const at = focal >= 0 ? focal : first;
  return [{ at: at >= 0 ? `insurance[${at}].preAuthRef` : 'insurance', why: 'an offline authorization needs its preAuthRef' }];
});
