import type { JsonObject } from '../../../../fhir/json.js';
import { compareDates, parseDate } from './dates.js';
import { extensionIndex, isObject, nphiesExtension, NO_PROBLEMS, resourceRule } from './support.js';

const EMERGENCY_SERVICE_START = nphiesExtension('emergencyServiceStart');

/**
 * BV-00760 "Encounter.extension.emergencyServiceStart SHALL be on or after the encounter.period.start".
 */
export const BV_00760 = resourceRule('BV-00760', 'Encounter', 'all', (encounter) => {
  const index = extensionIndex(encounter, EMERGENCY_SERVICE_START);
  if (index < 0) return NO_PROBLEMS;
  const serviceStart = parseDate((encounter.extension as JsonObject[])[index]!.valueDateTime);
  const start = serviceStart && isObject(encounter.period) ? parseDate(encounter.period.start) : undefined;
  return serviceStart && start && compareDates(serviceStart, start) < 0
    ? [{ at: `extension[${index}].valueDateTime`, why: 'the emergency service starts before the encounter' }]
    : NO_PROBLEMS;
});
