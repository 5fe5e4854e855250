import { identifierValueRule } from './identifier-value.js';

/** BV-00133 "CareTeam.identifier SHALL have a valid value". */
export const BV_00133 = identifierValueRule('BV-00133', 'CareTeam', 'every-entry');
