import { resourceRule } from './support.js';
import { asString } from '../../../../fhir/json.js';

/**
 * BV-00324 "Coverage.network SHALL have maximum length of 30 characters".
 */
export const BV_00324 = resourceRule('BV-00324', 'Coverage', 'all', (coverage) => {
  const value = asString(coverage.network);
  return value !== undefined && value.length > 30 ? [{ at: 'network', why: 'network is longer than 30 characters' }] : [];
});
