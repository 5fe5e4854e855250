import { resourceRule } from './support.js';
import { asString } from '../../../../fhir/json.js';

/**
 * BV-00321 "Coverage.dependent SHALL have maximum length of 10 characters".
 */
export const BV_00321 = resourceRule('BV-00321', 'Coverage', 'all', (coverage) => {
  const value = asString(coverage.dependent);
  return value !== undefined && value.length > 10 ? [{ at: 'dependent', why: 'dependent is longer than 10 characters' }] : [];
});
