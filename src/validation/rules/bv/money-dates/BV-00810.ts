import type { JsonObject } from '../../../../fhir/json.js';
import { hasSeconds } from './dates.js';
import { extensionIndex, nphiesExtension, NO_PROBLEMS, resourceRule } from './support.js';

const EMERGENCY_SERVICE_START = nphiesExtension('emergencyServiceStart');

/**
 * BV-00810 "Date time format up to seconds SHALL be mandatory".
 */
export const BV_00810 = resourceRule('BV-00810', 'Encounter', 'all', (encounter) => {
  const index = extensionIndex(encounter, EMERGENCY_SERVICE_START);
  if (index < 0) return NO_PROBLEMS;
  const value = (encounter.extension as JsonObject[])[index]!.valueDateTime;
  return typeof value === 'string' && !hasSeconds(value)
    ? [{ at: `extension[${index}].valueDateTime`, why: 'emergencyServiceStart must give the time to the second' }]
    : NO_PROBLEMS;
});
