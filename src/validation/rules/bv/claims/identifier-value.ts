/**
 * BV-00138, BV-00147, BV-00183: every identifier of a resource SHALL carry a value. A resource
 * without any identifier is the profile's cardinality finding; this rule reports an identifier
 * given without (or with a blank) value.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, entriesOfType, focalOfType, hasText } from './claim-entries.js';

export function identifierValueRule(id: string, resourceType: string, scope: 'focal' | 'every-entry'): Rule {
  return {
    id,
    check(message) {
      let findings: Finding[] | undefined;
      const entries = scope === 'focal' ? focalOfType(message, resourceType) : entriesOfType(message, resourceType);
      for (const { index, resource } of entries) {
        const identifiers = asArray(resource.identifier);
        for (let i = 0; i < identifiers.length; i += 1) {
          const identifier = asObject(identifiers[i]);
          if (identifier && !hasText(identifier.value)) {
            (findings ??= []).push(error(id, entryPath(message, index, `identifier[${i}].value`), `${resourceType}.identifier has no value`));
          }
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}
