import { resourceRule, extensionOf } from './support.js';
import { hasSeconds } from './dates.js';

/**
 * BV-00828 "Date time format up to seconds SHALL be mandatory".
 */
export const BV_00828 = resourceRule('BV-00828', 'Encounter', 'all', (encounter) => {
  const found = extensionOf(encounter, 'triageDate');
  return found && typeof found.extension.valueDateTime === 'string' && !hasSeconds(found.extension.valueDateTime)
    ? [{ at: `extension[${found.index}].valueDateTime`, why: 'triageDate must give the time to the second' }]
    : [];
});
