import { error, type Finding } from '../../../findings/finding.js';
import { asArray, asObject } from '../../../fhir/json.js';
import type { Rule } from '../../rule.js';
import { entryPath } from '../../message.js';

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
    const check = (resource: Record<string, unknown>, path: string): void => {
      const profiles = asArray(asObject(resource.meta)?.profile);
      if (profiles.length === 0) {
        const type = String(resource.resourceType);
        findings.push(error(context.profileCardinalityCodes.get(type) ?? 'BV-00225', `${path}.meta.profile`, `${type} declares no profile`));
        return;
      }
      profiles.forEach((profile, i) => {
        if (typeof profile !== 'string' || !VERSIONED_PROFILE.test(profile)) {
          findings.push(error('BV-00225', `${path}.meta.profile[${i}]`, 'profile must be a canonical URL ending in |version'));
        }
      });
    };
    check(message.envelope.bundle, message.basePath);
    for (const entry of message.envelope.entries) {
      if (entry.resource && entry.resource.resourceType !== 'Bundle') check(entry.resource, entryPath(message, entry.index));
    }
    return findings;
  },
};
