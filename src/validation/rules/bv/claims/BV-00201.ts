import { licenceSystemRule } from './licence-system.js';

/** BV-00201 "Receiver.system SHALL contain a valid URL to identify the HIC\HCP license". */
export const BV_00201 = licenceSystemRule('BV-00201', 'receiver');
