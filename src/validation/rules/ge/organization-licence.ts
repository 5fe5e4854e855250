/**
 * GE-00031..34: the licence in MessageHeader.sender / destination.receiver must be the licence
 * of the Organization the focal resource names as provider or insurer (SPEC section 2). This is
 * what stops an authenticated hospital from sending a claim in another hospital's name.
 */
import { error, type Finding } from '../../../findings/finding.js';
import { LICENCE_SYSTEMS } from '../../../fhir/identity.js';
import { asArray, asObject, asString } from '../../../fhir/json.js';
import type { Rule } from '../../rule.js';
import { entryPath } from '../../message.js';

export interface OrganizationLicenceRule {
  readonly id: string;
  /** Which MessageHeader party must match. */
  readonly party: 'sender' | 'receiver';
  /** Element of the focal resource naming the Organization, e.g. `provider`. */
  readonly element: string;
  readonly focalTypes: readonly string[];
}

export function organizationLicenceRule(spec: OrganizationLicenceRule): Rule {
  return {
    id: spec.id,
    check(message) {
      const licence = spec.party === 'sender' ? message.envelope.sender?.value : message.envelope.receivers[0]?.value;
      if (licence === undefined) return [];
      // The hub's own answers come from the hub while naming the insurer (as NPHIES's sandbox answers do).
      if (spec.party === 'sender' && message.envelope.sender?.system === LICENCE_SYSTEMS.gateway) return [];
      const index = message.entryIndex;
      const findings: Finding[] = [];
      for (const focal of message.focal) {
        const resource = focal.resource;
        if (!resource || !spec.focalTypes.includes(String(resource.resourceType))) continue;
        const reference = asString(asObject(resource[spec.element])?.reference);
        // An unresolvable reference is RE-00174's finding; do not report it twice.
        const organization = reference === undefined ? undefined : index.resolve(reference);
        if (!organization?.resource || organization.resource.resourceType !== 'Organization') continue;
        const licences = asArray(organization.resource.identifier).map((i) => asString(asObject(i)?.value));
        if (!licences.includes(licence)) {
          findings.push(
            error(spec.id, entryPath(message, organization.index, 'identifier'), `MessageHeader.${spec.party} is not the licence of ${resource.resourceType}.${spec.element}`),
          );
        }
      }
      return findings;
    },
  };
}
