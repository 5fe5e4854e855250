import { error, type Finding } from '../../../findings/finding.js';
import type { Rule } from '../../rule.js';

/**
 * RE-00169 "Reference SHALL point to a valid resource". NPHIES reports it at
 * `Bundle.entry[0].resource.focus[n]` when MessageHeader.focus does not equal the fullUrl
 * of an entry (seen in the sandbox's failed poll, `postman-response.json`). SPEC section 3:
 * the focus equals the focal entry's fullUrl exactly.
 */
export const RE_00169: Rule = {
  id: 'RE-00169',
  check(message) {
    const findings: Finding[] = [];
    const { entries, focusReferences } = message.envelope;
    for (let i = 0; i < focusReferences.length; i += 1) {
      const reference = focusReferences[i];
      // A message has a few entries and usually one focus: a scan costs less than a set of fullUrls.
      if (!entries.some((e) => e.fullUrl === reference)) {
        findings.push(error('RE-00169', `${message.basePath}.entry[0].resource.focus[${i}]`, 'MessageHeader.focus does not equal the fullUrl of any entry'));
      }
    }
    if (message.envelope.focusReferences.length === 0 && message.event.focal.length > 0) {
      findings.push(error('IC-00379', `${message.basePath}.entry[0].resource.focus`, 'MessageHeader.focus is required for this event'));
    }
    return findings;
  },
};
