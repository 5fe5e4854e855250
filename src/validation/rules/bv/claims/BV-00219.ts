import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { NO_FINDINGS } from './claim-entries.js';

/** An absolute URI: a scheme, a colon, no whitespace (`http://...`, `urn:oid:...`). */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** BV-00219 "Identifier.system SHALL have a valid URL". Every `identifier` is an Identifier in R4. */
export const BV_00219: Rule = {
  id: 'BV-00219',
  check(message) {
    let findings: Finding[] | undefined;
    for (const visited of message.elements.withKey('identifier')) {
      const node = visited.node;
      if (typeof node.system !== 'string' || ABSOLUTE_URI.test(node.system)) continue;
      (findings ??= []).push(error('BV-00219', `${visited.path}.system`, 'Identifier.system is not an absolute URL'));
    }
    return findings ?? NO_FINDINGS;
  },
};
