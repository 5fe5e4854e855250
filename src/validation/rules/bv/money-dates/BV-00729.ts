import { asArray, firstCode } from '../../../../fhir/json.js';
import { isObject, NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00729 "One and only one coverage.class.type = "plan" SHALL be provided per coverage resource".
 */
export const BV_00729 = resourceRule('BV-00729', 'Coverage', 'all', (coverage) => {
  let plans = 0;
  for (const type of asArray(coverage.class)) if (isObject(type) && firstCode(type.type) === 'plan') plans++;
  return plans === 1 ? NO_PROBLEMS : [{ at: 'class', why: `${plans} classes of type plan, exactly one is required` }];
});
