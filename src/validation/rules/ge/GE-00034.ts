import { organizationLicenceRule } from './organization-licence.js';

/** GE-00034 "The license used in MessageHeader.destination.receiver SHALL match the license used in the Insurance Organization.identifier". */
export const GE_00034 = organizationLicenceRule({ id: 'GE-00034', party: 'receiver', element: 'insurer', focalTypes: ['Claim', 'CoverageEligibilityRequest'] });
