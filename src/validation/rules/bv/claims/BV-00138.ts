import { identifierValueRule } from './identifier-value.js';

/** BV-00138 "Claim.identifier SHALL have a valid value". */
export const BV_00138 = identifierValueRule('BV-00138', 'Claim', 'focal');
