import { resourceRule, extensionOf } from './support.js';
import { parseDate, compareDates } from './dates.js';
import { asObject } from '../../../../fhir/json.js';

/**
 * BV-00760 "Encounter.extension.emergencyServiceStart SHALL be on or after the encounter.period.start".
 */
export const BV_00760 = resourceRule('BV-00760', 'Encounter', 'all', (encounter) => {
  const found = extensionOf(encounter, 'emergencyServiceStart');
  const serviceStart = parseDate(found?.extension.valueDateTime);
  const start = parseDate(asObject(encounter.period)?.start);
  return found && serviceStart && start && compareDates(serviceStart, start) < 0
    ? [{ at: `extension[${found.index}].valueDateTime`, why: 'the emergency service starts before the encounter' }]
    : [];
});
