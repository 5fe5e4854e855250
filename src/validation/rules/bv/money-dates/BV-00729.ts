import { resourceRule, objects } from './support.js';
import { firstCode } from '../../../../fhir/json.js';

/**
 * BV-00729 "One and only one coverage.class.type = "plan" SHALL be provided per coverage resource".
 */
export const BV_00729 = resourceRule('BV-00729', 'Coverage', 'all', (coverage) => {
  const plans = objects(coverage.class).filter(({ object }) => firstCode(object.type) === 'plan').length;
  return plans === 1 ? [] : [{ at: 'class', why: `${plans} classes of type plan, exactly one is required` }];
});
