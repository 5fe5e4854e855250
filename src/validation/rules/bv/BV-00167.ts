import { error, type Finding } from '../../../findings/finding.js';
import type { Rule } from '../../rule.js';

/** BV-00167 "MessageHeader.focus SHALL have a valid resource type based on the MessageHeader.eventCoding". */
export const BV_00167: Rule = {
  id: 'BV-00167',
  check(message) {
    const allowed = message.event.focal;
    if (allowed.length === 0) return [];
    const findings: Finding[] = [];
    for (const entry of message.focal) {
      const type = entry.resource?.resourceType;
      if (typeof type !== 'string' || !allowed.includes(type)) {
        const focusIndex = message.envelope.focusReferences.indexOf(entry.fullUrl ?? '');
        findings.push(
          error('BV-00167', `${message.basePath}.entry[0].resource.focus[${focusIndex}]`, `event ${message.event.code} needs a focal ${allowed.join(' or ')}`),
        );
      }
    }
    return findings;
  },
};
