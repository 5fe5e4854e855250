import { resourceRule, type Problem } from './support.js';
import { supportingInfos } from './claim-context.js';
import { asObject, firstCode } from '../../../../fhir/json.js';

const HBA1C = new Set(['17855-8', '17856-6', '41995-2', '4548-4', '4549-2', '55454-3', '59261-8', '62388-4', '71875-9']);

/**
 * BV-00927 "If "Claim.supportingInfo.category ="lab-test"and Claim.supportingInfo.code equals to one of those codes from the specified valueset "http://loinc.org/vs" : "17855-8","17856-6", "41995-2", "4548-4", "4549-2", "55454-3", "59261-8" , "62388-4", "71875-9" then Claim.supportingInfo.valueQuantity.code SHALL be equal to"%"".
 * The LOINC codes are HbA1c tests.
 */
export const BV_00927 = resourceRule('BV-00927', 'Claim', 'focal', (claim) =>
  supportingInfos(claim, 'lab-test').flatMap(({ at, info }): Problem[] => {
    const quantity = asObject(info.valueQuantity);
    return HBA1C.has(firstCode(info.code) ?? '') && quantity && quantity.code !== '%' ? [{ at: `${at}.valueQuantity.code`, why: 'HbA1c is given in %' }] : [];
  }),
);
