import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType } from './claim-entries.js';

/**
 * BV-00899 "Location.managingOrganization SHALL match with Claim.provider when Claim.facility is
 * included in the transaction." Both references are resolved inside the bundle and compared as
 * entries; reported on the Location's managingOrganization.
 */
export const BV_00899: Rule = {
  id: 'BV-00899',
  check(message) {
    let findings: Finding[] | undefined;
    const index = message.entryIndex;
    const resolve = (reference: unknown) => {
      const url = asString(asObject(reference)?.reference);
      return url === undefined ? undefined : index.resolve(url);
    };
    for (const { resource } of focalOfType(message, 'Claim')) {
      const location = resolve(resource.facility);
      if (location?.resource?.resourceType !== 'Location') continue;
      const managing = resolve(location.resource.managingOrganization);
      const provider = resolve(resource.provider);
      // Either side unresolved: the reference rules report it; there is nothing to compare.
      if (!managing || !provider) continue;
      if (managing.index !== provider.index) {
        (findings ??= []).push(error('BV-00899', entryPath(message, location.index, 'managingOrganization'), 'the facility is managed by another organization than Claim.provider'));
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
