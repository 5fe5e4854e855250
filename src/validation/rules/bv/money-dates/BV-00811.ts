import { hasSeconds } from './dates.js';
import { isObject, NO_PROBLEMS, resourceRule, type Problem } from './support.js';

/**
 * BV-00811 "Date time format up to seconds SHALL be mandatory".
 */
export const BV_00811 = resourceRule('BV-00811', 'Encounter', 'all', (encounter) => {
  const period = encounter.period;
  if (!isObject(period)) return NO_PROBLEMS;
  const start = typeof period.start === 'string' && !hasSeconds(period.start);
  const end = typeof period.end === 'string' && !hasSeconds(period.end);
  if (!start && !end) return NO_PROBLEMS;
  const problems: Problem[] = [];
  if (start) problems.push({ at: 'period.start', why: 'the encounter period must give the time to the second' });
  if (end) problems.push({ at: 'period.end', why: 'the encounter period must give the time to the second' });
  return problems;
});
