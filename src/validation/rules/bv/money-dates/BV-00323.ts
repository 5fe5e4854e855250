import { resourceRule, objects } from './support.js';
import { asString } from '../../../../fhir/json.js';

/**
 * BV-00323 "Coverage.class.name SHALL have maximum length of 100 characters".
 */
export const BV_00323 = resourceRule('BV-00323', 'Coverage', 'all', (coverage) =>
  objects(coverage.class)
    .filter(({ object }) => (asString(object.name)?.length ?? 0) > 100)
    .map(({ index }) => ({ at: `class[${index}].name`, why: 'class.name is longer than 100 characters' })),
);
