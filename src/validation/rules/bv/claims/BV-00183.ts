import { identifierValueRule } from './identifier-value.js';

/** BV-00183 "Organization.identifier SHALL have a valid value". */
export const BV_00183 = identifierValueRule('BV-00183', 'Organization', 'every-entry');
