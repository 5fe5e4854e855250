import { error } from '../../../findings/finding.js';
import type { Rule } from '../../rule.js';
import { GUID } from './uuid.js';

/** BV-00341 "Bundle.id SHALL be a globally unique identifier (GUID) with a pattern 36 characters (32 characters and 4 dashes)". */
export const BV_00341: Rule = {
  id: 'BV-00341',
  check(message) {
    const id = message.envelope.bundleId;
    return id !== undefined && GUID.test(id) ? [] : [error('BV-00341', `${message.basePath}.id`, 'Bundle.id must be a GUID')];
  },
};
