import { resourceRule } from './support.js';
import { hasSeconds } from './dates.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00811 "Date time format up to seconds SHALL be mandatory".
 */
export const BV_00811 = resourceRule('BV-00811', 'Encounter', 'all', (encounter) => {
  const period = asObject(encounter.period);
  return (['start', 'end'] as const)
    .filter((edge) => typeof period?.[edge] === 'string' && !hasSeconds(period[edge]))
    .map((edge) => ({ at: `period.${edge}`, why: 'the encounter period must give the time to the second' }));
});
