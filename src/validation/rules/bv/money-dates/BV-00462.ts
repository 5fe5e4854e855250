import { claimRule } from './claim-context.js';
import { extensionIndex, isObject, nphiesExtension, NO_PROBLEMS } from './support.js';

const OFFLINE_DATE = nphiesExtension('authorization-offline-date');
const PRIORAUTH_RESPONSE = nphiesExtension('priorauth-response');

/**
 * BV-00462 "If Claim.insurance.preAuthRef exists where Claim.insurance.focal="true" then either Claim.extension.authorizationOffLineDate or Claim.extension.priorauthResponse SHALL be provided".
 */
export const BV_00462 = claimRule('BV-00462', ({ claim }) => {
  const focal = focalInsurance(claim.insurance);
  if (focal < 0) return NO_PROBLEMS;
  const preAuthRef = (claim.insurance as Record<string, unknown>[])[focal]!.preAuthRef;
  if (!Array.isArray(preAuthRef) || preAuthRef.length === 0) return NO_PROBLEMS;
  if (extensionIndex(claim, OFFLINE_DATE) >= 0 || extensionIndex(claim, PRIORAUTH_RESPONSE) >= 0) return NO_PROBLEMS;
  return [{ at: `insurance[${focal}].preAuthRef`, why: 'preAuthRef needs extension-authorization-offline-date or extension-priorauth-response' }];
});

/** Index of the first insurance with `focal: true`, or -1. */
function focalInsurance(insurances: unknown): number {
  if (!Array.isArray(insurances)) return -1;
  for (let index = 0; index < insurances.length; index++) {
    const insurance: unknown = insurances[index];
    if (isObject(insurance) && insurance.focal === true) return index;
  }
  return -1;
}
