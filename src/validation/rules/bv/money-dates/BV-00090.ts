import { resourceRule, objects, type Problem } from './support.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00090 "Coverage.costToBeneficiary.valueMoney.currency SHALL be SAR".
 */
export const BV_00090 = resourceRule('BV-00090', 'Coverage', 'all', (coverage) =>
  objects(coverage.costToBeneficiary).flatMap(({ index, object }): Problem[] => {
    const currency = asObject(object.valueMoney)?.currency;
    return currency !== undefined && currency !== 'SAR'
      ? [{ at: `costToBeneficiary[${index}].valueMoney.currency`, why: `currency ${String(currency)} is not SAR` }]
      : [];
  }),
);
