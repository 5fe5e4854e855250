import { identifierValueRule } from './identifier-value.js';

/** BV-00147 "ClaimResponse.identifier SHALL have a valid value". */
export const BV_00147 = identifierValueRule('BV-00147', 'ClaimResponse', 'focal');
