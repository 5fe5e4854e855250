import { NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00340 "Coverage.status SHALL use the fixed value "active"".
 */
export const BV_00340 = resourceRule('BV-00340', 'Coverage', 'all', (coverage) =>
  coverage.status !== undefined && coverage.status !== 'active' ? [{ at: 'status', why: 'Coverage.status must be "active"' }] : NO_PROBLEMS,
);
