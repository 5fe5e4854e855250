import { walkObjects } from './support.js';
import { parseDate, compareDates } from './dates.js';
import { entryPath } from '../../../message.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';

/**
 * BV-00052 "Period end date SHALL be always be same or after the period start date".
 * Every Period of the message (elements named `period` or `…Period`).
 */
export const BV_00052: Rule = {
  id: 'BV-00052',
  check(message) {
    const findings: Finding[] = [];
    for (const entry of message.envelope.entries) {
      if (!entry.resource) continue;
      walkObjects(entry.resource, entryPath(message, entry.index), (object, path, key) => {
        if (key !== 'period' && !key.endsWith('Period')) return;
        const start = parseDate(object.start);
        const end = parseDate(object.end);
        if (start && end && compareDates(end, start) < 0) findings.push(error('BV-00052', `${path}.end`, 'period ends before it starts'));
      });
    }
    return findings;
  },
};
