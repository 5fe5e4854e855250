/**
 * BV-00364..368: the Claim.subType a Claim.type allows. Each rule is one entry of this
 * shape; the allowed codes come from the official rule texts.
 */
import { error, type Finding } from '../../../findings/finding.js';
import { firstCode } from '../../../fhir/json.js';
import type { Rule } from '../../rule.js';
import { entryPath } from '../../message.js';

export function claimSubtypeRule(id: string, claimType: string, allowedSubtypes: readonly string[]): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      for (const entry of message.focal) {
        const claim = entry.resource;
        if (claim?.resourceType !== 'Claim' || firstCode(claim.type) !== claimType) continue;
        // An absent subType is a cardinality question for the profile layer, not this rule's.
        const subtype = firstCode(claim.subType);
        if (subtype !== undefined && !allowedSubtypes.includes(subtype)) {
          findings.push(
            error(id, entryPath(message, entry.index, 'subType.coding[0].code'), `Claim.type ${claimType} allows subType ${allowedSubtypes.join(' or ')}`),
          );
        }
      }
      return findings;
    },
  };
}
