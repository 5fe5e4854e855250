import { firstCode } from '../../../../fhir/json.js';
import { claimRule } from './claim-context.js';
import { isObject, NO_PROBLEMS, type Problem } from './support.js';

const HBA1C = new Set(['17855-8', '17856-6', '41995-2', '4548-4', '4549-2', '55454-3', '59261-8', '62388-4', '71875-9']);

/**
 * BV-00927 "If "Claim.supportingInfo.category ="lab-test"and Claim.supportingInfo.code equals to one of those codes from the specified valueset "http://loinc.org/vs" : "17855-8","17856-6", "41995-2", "4548-4", "4549-2", "55454-3", "59261-8" , "62388-4", "71875-9" then Claim.supportingInfo.valueQuantity.code SHALL be equal to"%"".
 * The LOINC codes are HbA1c tests.
 */
export const BV_00927 = claimRule('BV-00927', (claim) => {
  let problems: Problem[] | undefined;
  for (const { index, info } of claim.infosOf('lab-test')) {
    const quantity = info.valueQuantity;
    if (HBA1C.has(firstCode(info.code) ?? '') && isObject(quantity) && quantity.code !== '%') {
      (problems ??= []).push({ at: `supportingInfo[${index}].valueQuantity.code`, why: 'HbA1c is given in %' });
    }
  }
  return problems ?? NO_PROBLEMS;
});
