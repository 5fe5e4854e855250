import { licenceSystemRule } from './licence-system.js';

/** BV-00211 "sender.system SHALL contain a valid URL to identify the HIC\HCP license". */
export const BV_00211 = licenceSystemRule('BV-00211', 'sender');
