/**
 * BV-00351, BV-00541: the focal resource's `provider` SHALL refer to the Organization whose
 * identifier is the licence in MessageHeader.sender. Reported on `provider` (GE-00031 reports the
 * same mismatch from the Organization's side).
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { focalOfType, objectsOf } from './claim-entries.js';

export function providerIsSenderRule(id: string, resourceType: string): Rule {
  return {
    id,
    check(message) {
      const sender = message.envelope.sender;
      if (!sender) return [];
      const findings: Finding[] = [];
      for (const focal of focalOfType(message, resourceType)) {
        const reference = asString(asObject(focal.resource.provider)?.reference);
        if (reference === undefined) continue;
        const organization = message.entryIndex.resolve(reference)?.resource;
        // Unresolvable or wrongly typed references have their own RE- findings.
        if (organization?.resourceType !== 'Organization') continue;
        const matches = objectsOf(organization.identifier).some(
          ({ object }) => object.value === sender.value && (sender.system === undefined || object.system === undefined || object.system === sender.system),
        );
        if (!matches) {
          findings.push(error(id, entryPath(message, focal.index, 'provider'), `${resourceType}.provider is not the Organization licensed as MessageHeader.sender`));
        }
      }
      return findings;
    },
  };
}
