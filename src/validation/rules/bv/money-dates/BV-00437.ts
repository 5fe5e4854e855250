import { NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00437 "Either CoverageEligibilityRequest.servicedDate or CoverageEligibilityRequest.servicedPeriod SHALL exist".
 */
export const BV_00437 = resourceRule('BV-00437', 'CoverageEligibilityRequest', 'focal', (request) =>
  request.servicedDate === undefined && request.servicedPeriod === undefined ? [{ at: '', why: 'servicedDate or servicedPeriod is required' }] : NO_PROBLEMS,
);
