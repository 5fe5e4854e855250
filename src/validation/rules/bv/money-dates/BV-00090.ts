import { asArray } from '../../../../fhir/json.js';
import { isObject, NO_PROBLEMS, resourceRule, type Problem } from './support.js';
import { hasForeignCurrency } from './money.js';

/**
 * BV-00090 "Coverage.costToBeneficiary.valueMoney.currency SHALL be SAR".
 */
export const BV_00090 = resourceRule('BV-00090', 'Coverage', 'all', (coverage) => {
  let problems: Problem[] | undefined;
  const costs = asArray(coverage.costToBeneficiary);
  for (let index = 0; index < costs.length; index++) {
    const cost = costs[index];
    if (!isObject(cost) || !hasForeignCurrency(cost.valueMoney)) continue;
    const currency = (cost.valueMoney as Record<string, unknown>).currency;
    (problems ??= []).push({ at: `costToBeneficiary[${index}].valueMoney.currency`, why: `currency ${String(currency)} is not SAR` });
  }
  return problems ?? NO_PROBLEMS;
});
