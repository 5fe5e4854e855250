import { organizationLicenceRule } from './organization-licence.js';

/** GE-00032 "The license used in MessageHeader.destination.receiver SHALL match the license used in the Provider Organization.identifier". */
export const GE_00032 = organizationLicenceRule({ id: 'GE-00032', party: 'receiver', element: 'requestor', focalTypes: ['ClaimResponse'] });
