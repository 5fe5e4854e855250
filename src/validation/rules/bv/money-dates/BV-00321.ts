import { NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00321 "Coverage.dependent SHALL have maximum length of 10 characters".
 */
export const BV_00321 = resourceRule('BV-00321', 'Coverage', 'all', (coverage) => {
  const value = coverage.dependent;
  return typeof value === 'string' && value.length > 10 ? [{ at: 'dependent', why: 'dependent is longer than 10 characters' }] : NO_PROBLEMS;
});
