import { organizationLicenceRule } from './organization-licence.js';

/** GE-00031 "The license used in MessageHeader.sender SHALL match the license used in the Provider Organization.identifier". */
export const GE_00031 = organizationLicenceRule({ id: 'GE-00031', party: 'sender', element: 'provider', focalTypes: ['Claim', 'CoverageEligibilityRequest'] });
