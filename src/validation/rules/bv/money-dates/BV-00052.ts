import { parseDate, compareDates } from './dates.js';
import { error, type Finding } from '../../../../findings/finding.js';
import type { NodeFilter } from '../../../elements.js';
import type { Rule } from '../../../rule.js';

/** A Period: an element named `period` or `…Period`. */
const isPeriod: NodeFilter = ({ key }) => key !== undefined && (key === 'period' || key.endsWith('Period'));

/**
 * BV-00052 "Period end date SHALL be always be same or after the period start date".
 * Every Period of the message (elements named `period` or `…Period`).
 */
export const BV_00052: Rule = {
  id: 'BV-00052',
  check(message) {
    const findings: Finding[] = [];
    for (const visited of message.elements.whereAll(isPeriod)) {
      const node = visited.node;
      const start = parseDate(node.start);
      const end = parseDate(node.end);
      if (start && end && compareDates(end, start) < 0) findings.push(error('BV-00052', `${visited.path}.end`, 'period ends before it starts'));
    }
    return findings;
  },
};
