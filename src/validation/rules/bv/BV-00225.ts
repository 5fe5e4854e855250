import { error, type Finding } from '../../../findings/finding.js';
import { asArray, asObject } from '../../../fhir/json.js';
import type { Rule } from '../../rule.js';
import type { RuleContext } from '../../context.js';
import { entryPath, type MessageUnderTest } from '../../message.js';

const VERSIONED_PROFILE = /^https?:\/\/\S+\|\d+\.\d+\.\d+$/;

/**
 * BV-00225 "Resource.meta.profile SHALL have a valid structure definition including the version
 * Number at the end of the url". A resource that declares no profile at all breaks the
 * cardinality rule of its own type (`<Type>.meta.profile`, e.g. IC-00049 for Claim).
 */
export const BV_00225: Rule = {
  id: 'BV-00225',
  check(message, context) {
    const findings: Finding[] = [];
    checkProfiles(message.envelope.bundle, message, -1, context, findings);
    for (const entry of message.envelope.entries) {
      if (entry.resource && entry.resource.resourceType !== 'Bundle') checkProfiles(entry.resource, message, entry.index, context, findings);
    }
    return findings;
  },
};

/** `entry`: the resource's entry index, -1 for the Bundle itself (its path is built only for a finding). */
function checkProfiles(resource: Record<string, unknown>, message: MessageUnderTest, entry: number, context: RuleContext, findings: Finding[]): void {
  const path = (): string => (entry < 0 ? message.basePath : entryPath(message, entry));
  const profiles = asArray(asObject(resource.meta)?.profile);
  if (profiles.length === 0) {
    const type = String(resource.resourceType);
    findings.push(error(context.profileCardinalityCodes.get(type) ?? 'BV-00225', `${path()}.meta.profile`, `${type} declares no profile`));
    return;
  }
  for (let i = 0; i < profiles.length; i += 1) {
    const profile = profiles[i];
    if (typeof profile !== 'string' || !VERSIONED_PROFILE.test(profile)) {
      findings.push(error('BV-00225', `${path()}.meta.profile[${i}]`, 'profile must be a canonical URL ending in |version'));
    }
  }
}
