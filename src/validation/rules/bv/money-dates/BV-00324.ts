import { NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00324 "Coverage.network SHALL have maximum length of 30 characters".
 */
export const BV_00324 = resourceRule('BV-00324', 'Coverage', 'all', (coverage) => {
  const value = coverage.network;
  return typeof value === 'string' && value.length > 30 ? [{ at: 'network', why: 'network is longer than 30 characters' }] : NO_PROBLEMS;
});
