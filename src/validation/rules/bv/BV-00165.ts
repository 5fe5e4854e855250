import { error, type Finding } from '../../../findings/finding.js';
import type { Rule } from '../../rule.js';
import { entryPath } from '../../message.js';

/**
 * BV-00165 "MessageHeader.eventCoding in Claim, Preauthorization and prescription message SHALL
 * match Claim.use in the main resource". The use each event needs is data (`claimUse` in
 * `schemas/messaging/events.json`).
 */
export const BV_00165: Rule = {
  id: 'BV-00165',
  check(message) {
    const expected = message.event.claimUse;
    if (!expected) return [];
    const findings: Finding[] = [];
    for (const entry of message.focal) {
      if (entry.resource?.resourceType !== 'Claim') continue;
      if (entry.resource.use !== expected) {
        findings.push(error('BV-00165', entryPath(message, entry.index, 'use'), `event ${message.event.code} needs Claim.use = ${expected}`));
      }
    }
    return findings;
  },
};
