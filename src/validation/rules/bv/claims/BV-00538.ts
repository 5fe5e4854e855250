import { fixedStatusRule } from './fixed-status.js';

/** BV-00538 "CoverageEligibilityRequest.status SHALL use the fixed value "active"". */
export const BV_00538 = fixedStatusRule('BV-00538', 'CoverageEligibilityRequest', 'active', 'focal');
