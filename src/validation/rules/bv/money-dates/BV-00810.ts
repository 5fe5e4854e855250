import { resourceRule, extensionOf } from './support.js';
import { hasSeconds } from './dates.js';

/**
 * BV-00810 "Date time format up to seconds SHALL be mandatory".
 */
export const BV_00810 = resourceRule('BV-00810', 'Encounter', 'all', (encounter) => {
  const found = extensionOf(encounter, 'emergencyServiceStart');
  return found && typeof found.extension.valueDateTime === 'string' && !hasSeconds(found.extension.valueDateTime)
    ? [{ at: `extension[${found.index}].valueDateTime`, why: 'emergencyServiceStart must give the time to the second' }]
    : [];
});
