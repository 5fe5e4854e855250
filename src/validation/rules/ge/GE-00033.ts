import { organizationLicenceRule } from './organization-licence.js';

/** GE-00033 "The license used in MessageHeader.sender SHALL match the license used in the Insurance Organization.identifier". */
export const GE_00033 = organizationLicenceRule({ id: 'GE-00033', party: 'sender', element: 'insurer', focalTypes: ['ClaimResponse', 'CoverageEligibilityResponse'] });
