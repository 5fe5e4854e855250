/** BV-00330, BV-00538, BV-00901: a resource's `status` SHALL use one fixed value. */
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, entriesOfType, focalOfType } from './claim-entries.js';

export function fixedStatusRule(id: string, resourceType: string, value: string, scope: 'focal' | 'every-entry'): Rule {
  return {
    id,
    check(message) {
      let findings: Finding[] | undefined;
      const entries = scope === 'focal' ? focalOfType(message, resourceType) : entriesOfType(message, resourceType);
      for (const { index, resource } of entries) {
        // An absent status is a cardinality finding of the profile layer.
        if (resource.status !== undefined && resource.status !== value) {
          (findings ??= []).push(error(id, entryPath(message, index, 'status'), `${resourceType}.status must be "${value}"`));
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}
