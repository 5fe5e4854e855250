import { error } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { collectFrom } from './walk.js';

/** An absolute URI: a scheme, a colon, no whitespace (`http://...`, `urn:oid:...`). */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** BV-00219 "Identifier.system SHALL have a valid URL". Every `identifier` is an Identifier in R4. */
export const BV_00219: Rule = {
  id: 'BV-00219',
  check(message) {
    return collectFrom(message, ({ node, path, key }) => {
      if (key !== 'identifier' || typeof node.system !== 'string' || ABSOLUTE_URI.test(node.system)) return [];
      return [error('BV-00219', `${path}.system`, 'Identifier.system is not an absolute URL')];
    });
  },
};
