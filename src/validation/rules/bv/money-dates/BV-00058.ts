import { compareDates, parseDate } from './dates.js';
import { isObject, NO_PROBLEMS, resourceRule } from './support.js';

/**
 * BV-00058 "Eligibility Request Serviced date SHALL be on or after eligibility request received date".
 * Not enforced: an eligibility request checked on a later day than its service (every official eligibility sample, replayed after its date) breaks it; see schemas/rules/enforced/money-dates.json.
 */
export const BV_00058 = resourceRule('BV-00058', 'CoverageEligibilityRequest', 'focal', (request, _message, context) => {
  const now = context.now();
  // The day the request is received, in Riyadh (UTC+03:00).
  const received = parseDate(new Date(now + 3 * 3_600_000).toISOString().slice(0, 10))!;
  const serviced = parseDate(request.servicedDate) ?? parseDate(isObject(request.servicedPeriod) ? request.servicedPeriod.start : undefined);
  if (!serviced || compareDates(serviced, received) >= 0) return NO_PROBLEMS;
  return [{ at: request.servicedDate !== undefined ? 'servicedDate' : 'servicedPeriod.start', why: 'the service date is before the day the request is received' }];
});
