import { resourceRule, type Problem } from './support.js';
import { supportingInfos } from './claim-context.js';
import { asObject, firstCode } from '../../../../fhir/json.js';

const HBA1C = new Set(['17855-8', '17856-6', '41995-2', '4548-4', '4549-2', '55454-3', '59261-8', '62388-4', '71875-9']);

/**
 * BV-00926 "If Claim.supportingInfo.category ="lab-test"and Claim.supportingInfo.code equals to one of those codes from the specified valueset "http://loinc.org/vs" : "17855-8","17856-6", "41995-2", "4548-4", "4549-2", "55454-3", "59261-8" , "62388-4", "71875-9" then Claim.supportingInfo.valueQuantity.value SHALL have a value equal to or more than 3 and less than or equal 15.".
 * The LOINC codes are HbA1c tests.
 */
export const BV_00926 = resourceRule('BV-00926', 'Claim', 'focal', (claim) =>
  supportingInfos(claim, 'lab-test').flatMap(({ at, info }): Problem[] => {
    if (!HBA1C.has(firstCode(info.code) ?? '')) return [];
    const value = asObject(info.valueQuantity)?.value;
    return typeof value === 'number' && (value < 3 || value > 15) ? [{ at: `${at}.valueQuantity.value`, why: 'HbA1c must be between 3 and 15 %' }] : [];
  }),
);
