import { identifierValueRule } from './identifier-value.js';

/** BV-00153 "Device.identifier SHALL have a valid value". */
export const BV_00153 = identifierValueRule('BV-00153', 'Device', 'every-entry');
