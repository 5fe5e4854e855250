/**
 * BV-00138, BV-00147, BV-00183: every identifier of a resource SHALL carry a value. A resource
 * without any identifier is the profile's cardinality finding; this rule reports an identifier
 * given without (or with a blank) value.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { entriesOfType, focalOfType, hasText, objectsOf } from './claim-entries.js';

export function identifierValueRule(id: string, resourceType: string, scope: 'focal' | 'every-entry'): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      const entries = scope === 'focal' ? focalOfType(message, resourceType) : entriesOfType(message, resourceType);
      for (const { index, resource } of entries) {
        for (const identifier of objectsOf(resource.identifier)) {
          if (!hasText(identifier.object.value)) {
            findings.push(error(id, entryPath(message, index, `identifier[${identifier.index}].value`), `${resourceType}.identifier has no value`));
          }
        }
      }
      return findings;
    },
  };
}
