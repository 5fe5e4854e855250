import { identifierValueRule } from './identifier-value.js';

/** BV-00159 "Group.identifier SHALL have a valid value". */
export const BV_00159 = identifierValueRule('BV-00159', 'Group', 'every-entry');
