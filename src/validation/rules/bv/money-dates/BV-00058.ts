import { resourceRule, type Problem } from './support.js';
import { parseDate, compareDates } from './dates.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00058 "Eligibility Request Serviced date SHALL be on or after eligibility request received date".
 * Not enforced: an eligibility request checked on a later day than its service (every official eligibility sample, replayed after its date) breaks it; see schemas/rules/enforced/money-dates.json.
 */
export const BV_00058 = resourceRule('BV-00058', 'CoverageEligibilityRequest', 'focal', (request, scan): Problem[] => {
  const now = scan.context.now();
  // The day the request is received, in Riyadh (UTC+03:00).
  const received = parseDate(new Date(now + 3 * 3_600_000).toISOString().slice(0, 10))!;
  const serviced = parseDate(request.servicedDate) ?? parseDate(asObject(request.servicedPeriod)?.start);
  if (!serviced || compareDates(serviced, received) >= 0) return [];
  return [{ at: request.servicedDate !== undefined ? 'servicedDate' : 'servicedPeriod.start', why: 'the service date is before the day the request is received' }];
});
