/**
 * BV-00698, BV-00718, BV-00719, BV-00721, BV-00722: when a coded extension (absence of a
 * scientific code, pharmacist substitution) says "others", its CodeableConcept SHALL carry a text.
 * Reported at the missing `valueCodeableConcept.text`.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { extensionsNamed, focalOfType, hasText, objectsOf } from './claim-entries.js';

export type ClaimLevel = 'item' | 'detail' | 'subDetail';

/** The elements of one level of a Claim, with their paths inside the Claim. */
export function elementsAt(claim: JsonObject, level: ClaimLevel): { path: string; element: JsonObject }[] {
  const items = objectsOf(claim.item).map(({ index, object }) => ({ path: `item[${index}]`, element: object }));
  if (level === 'item') return items;
  const details = items.flatMap((item) => objectsOf(item.element.detail).map(({ index, object }) => ({ path: `${item.path}.detail[${index}]`, element: object })));
  if (level === 'detail') return details;
  return details.flatMap((detail) => objectsOf(detail.element.subDetail).map(({ index, object }) => ({ path: `${detail.path}.subDetail[${index}]`, element: object })));
}

export function othersTextRule(id: string, level: ClaimLevel, extensionName: string): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      for (const { index, resource } of focalOfType(message, 'Claim')) {
        for (const { path, element } of elementsAt(resource, level)) {
          for (const extension of extensionsNamed(element, extensionName)) {
            const concept = asObject(extension.object.valueCodeableConcept);
            const saysOthers = asArray(concept?.coding).some((c) => asObject(c)?.code === 'others');
            if (concept && saysOthers && !hasText(concept.text)) {
              findings.push(error(id, entryPath(message, index, `${path}.extension[${extension.index}].valueCodeableConcept.text`), `${extensionName} "others" needs a text`));
            }
          }
        }
      }
      return findings;
    },
  };
}
