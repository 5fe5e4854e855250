import type { JsonObject } from '../../../../fhir/json.js';
import { hasSeconds } from './dates.js';
import { extensionIndex, nphiesExtension, NO_PROBLEMS, resourceRule } from './support.js';

const TRIAGE_DATE = nphiesExtension('triageDate');

/**
 * BV-00828 "Date time format up to seconds SHALL be mandatory".
 */
export const BV_00828 = resourceRule('BV-00828', 'Encounter', 'all', (encounter) => {
  const index = extensionIndex(encounter, TRIAGE_DATE);
  if (index < 0) return NO_PROBLEMS;
  const value = (encounter.extension as JsonObject[])[index]!.valueDateTime;
  return typeof value === 'string' && !hasSeconds(value)
    ? [{ at: `extension[${index}].valueDateTime`, why: 'triageDate must give the time to the second' }]
    : NO_PROBLEMS;
});
