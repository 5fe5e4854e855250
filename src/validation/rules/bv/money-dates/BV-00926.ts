import { firstCode } from '../../../../fhir/json.js';
import { claimRule } from './claim-context.js';
import { isObject, NO_PROBLEMS, type Problem } from './support.js';

const HBA1C = new Set(['17855-8', '17856-6', '41995-2', '4548-4', '4549-2', '55454-3', '59261-8', '62388-4', '71875-9']);

/**
 * BV-00926 "If Claim.supportingInfo.category ="lab-test"and Claim.supportingInfo.code equals to one of those codes from the specified valueset "http://loinc.org/vs" : "17855-8","17856-6", "41995-2", "4548-4", "4549-2", "55454-3", "59261-8" , "62388-4", "71875-9" then Claim.supportingInfo.valueQuantity.value SHALL have a value equal to or more than 3 and less than or equal 15.".
 * The LOINC codes are HbA1c tests.
 */
export const BV_00926 = claimRule('BV-00926', (claim) => {
  let problems: Problem[] | undefined;
  for (const { index, info } of claim.infosOf('lab-test')) {
    if (!HBA1C.has(firstCode(info.code) ?? '')) continue;
    const value = isObject(info.valueQuantity) ? info.valueQuantity.value : undefined;
    if (typeof value === 'number' && (value < 3 || value > 15)) (problems ??= []).push({ at: `supportingInfo[${index}].valueQuantity.value`, why: 'HbA1c must be between 3 and 15 %' });
  }
  return problems ?? NO_PROBLEMS;
});
