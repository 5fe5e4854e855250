/**
 * BV-00207, BV-00208: an entry's fullUrl is `<base>/<Resource.type>/<Resource.id>`. The official
 * samples spell the type segment in varying case (`Coverageeligibilityrequest`, `Claimresponse`),
 * so the type is compared case-insensitively. `urn:uuid:` fullUrls (the samples' MessageHeaders)
 * are not RESTful URLs at all, and NPHIES accepts them: they are left alone (FHIR does not tie a
 * urn:uuid to Resource.id).
 */
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';

export function fullUrlRule(id: string, part: 'id' | 'type'): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      for (const entry of message.envelope.entries) {
        const { fullUrl, resource } = entry;
        const resourceId = resource?.id;
        const type = resource?.resourceType;
        if (fullUrl === undefined || typeof resourceId !== 'string' || typeof type !== 'string') continue;
        const path = `${message.basePath}.entry[${entry.index}].fullUrl`;
        if (fullUrl.startsWith('urn:')) continue;
        const segments = fullUrl.split('/');
        if (part === 'id' && segments.at(-1) !== resourceId) findings.push(error(id, path, 'fullUrl does not end with Resource.id'));
        if (part === 'type' && segments.at(-2)?.toLowerCase() !== type.toLowerCase()) findings.push(error(id, path, `fullUrl does not name ${type}`));
      }
      return findings;
    },
  };
}
