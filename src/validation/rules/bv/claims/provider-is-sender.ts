/**
 * BV-00351, BV-00541: the focal resource's `provider` SHALL refer to the Organization whose
 * identifier is the licence in MessageHeader.sender. Reported on `provider` (GE-00031 reports the
 * same mismatch from the Organization's side).
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, asString } from '../../../../fhir/json.js';
import type { Licence } from '../../../../fhir/message.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType } from './claim-entries.js';

export function providerIsSenderRule(id: string, resourceType: string): Rule {
  return {
    id,
    check(message) {
      const sender = message.envelope.sender;
      if (!sender) return NO_FINDINGS;
      let findings: Finding[] | undefined;
      for (const focal of focalOfType(message, resourceType)) {
        const reference = asString(asObject(focal.resource.provider)?.reference);
        if (reference === undefined) continue;
        const organization = message.entryIndex.resolve(reference)?.resource;
        // Unresolvable or wrongly typed references have their own RE- findings.
        if (organization?.resourceType !== 'Organization') continue;
        if (!identifiedAs(organization.identifier, sender)) {
          (findings ??= []).push(error(id, entryPath(message, focal.index, 'provider'), `${resourceType}.provider is not the Organization licensed as MessageHeader.sender`));
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/** Does one of `identifiers` carry the sender's licence (its system, where both give one)? */
function identifiedAs(identifiers: unknown, sender: Licence): boolean {
  const list = asArray(identifiers);
  for (let i = 0; i < list.length; i += 1) {
    const identifier = asObject(list[i]);
    if (!identifier || identifier.value !== sender.value) continue;
    if (sender.system === undefined || identifier.system === undefined || identifier.system === sender.system) return true;
  }
  return false;
}
