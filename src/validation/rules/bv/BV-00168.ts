import { error } from '../../../findings/finding.js';
import type { Rule } from '../../rule.js';
import { GUID } from './uuid.js';

/** BV-00168 "MessageHeader.id SHALL be a globally unique identifier (GUID) with a pattern 36 characters (32 characters and 4 dashes)". */
export const BV_00168: Rule = {
  id: 'BV-00168',
  check(message) {
    const id = message.envelope.headerId;
    return id !== undefined && GUID.test(id) ? [] : [error('BV-00168', `${message.basePath}.entry[0].resource.id`, 'MessageHeader.id must be a GUID')];
  },
};
