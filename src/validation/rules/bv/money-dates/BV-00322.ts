import { resourceRule, objects } from './support.js';
import { asString } from '../../../../fhir/json.js';

/**
 * BV-00322 "Coverage.class.value SHALL have maximum length of 30 characters".
 */
export const BV_00322 = resourceRule('BV-00322', 'Coverage', 'all', (coverage) =>
  objects(coverage.class)
    .filter(({ object }) => (asString(object.value)?.length ?? 0) > 30)
    .map(({ index }) => ({ at: `class[${index}].value`, why: 'class.value is longer than 30 characters' })),
);
