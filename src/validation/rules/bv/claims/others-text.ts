/**
 * BV-00698, BV-00718, BV-00719, BV-00721, BV-00722: when a coded extension (absence of a
 * scientific code, pharmacist substitution) says "others", its CodeableConcept SHALL carry a text.
 * Reported at the missing `valueCodeableConcept.text`.
 *
 * Plain loops over the Claim's lines: five rules run this for every claim, and most lines carry
 * no such extension, so nothing is built (no path, no list) until one is found.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject, type JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType, hasText, isNamed } from './claim-entries.js';

export type ClaimLevel = 'item' | 'detail' | 'subDetail';

export function othersTextRule(id: string, level: ClaimLevel, extensionName: string): Rule {
  const urlEnd = `/${extensionName}`;
  return {
    id,
    check(message) {
      let findings: Finding[] | undefined;
      const report = (claim: number, line: string, extension: number): void => {
        (findings ??= []).push(error(id, entryPath(message, claim, `${line}.extension[${extension}].valueCodeableConcept.text`), `${extensionName} "others" needs a text`));
      };
      for (const { index, resource } of focalOfType(message, 'Claim')) {
        const items = asArray(resource.item);
        for (let i = 0; i < items.length; i += 1) {
          const item = asObject(items[i]);
          if (!item) continue;
          if (level === 'item') {
            for (let e = othersWithoutText(item, urlEnd, 0); e >= 0; e = othersWithoutText(item, urlEnd, e + 1)) report(index, `item[${i}]`, e);
            continue;
          }
          const details = asArray(item.detail);
          for (let j = 0; j < details.length; j += 1) {
            const detail = asObject(details[j]);
            if (!detail) continue;
            if (level === 'detail') {
              for (let e = othersWithoutText(detail, urlEnd, 0); e >= 0; e = othersWithoutText(detail, urlEnd, e + 1)) report(index, `item[${i}].detail[${j}]`, e);
              continue;
            }
            const subDetails = asArray(detail.subDetail);
            for (let k = 0; k < subDetails.length; k += 1) {
              const subDetail = asObject(subDetails[k]);
              if (!subDetail) continue;
              for (let e = othersWithoutText(subDetail, urlEnd, 0); e >= 0; e = othersWithoutText(subDetail, urlEnd, e + 1)) {
                report(index, `item[${i}].detail[${j}].subDetail[${k}]`, e);
              }
            }
          }
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}

/**
 * Position of the first extension of `line`, from `from` on, whose url ends with `urlEnd` and
 * whose CodeableConcept says "others" without a text; -1 when there is none.
 */
function othersWithoutText(line: JsonObject, urlEnd: string, from: number): number {
  const extensions = asArray(line.extension);
  for (let e = from; e < extensions.length; e += 1) {
    const extension = asObject(extensions[e]);
    if (!extension || !isNamed(extension, urlEnd)) continue;
    const concept = asObject(extension.valueCodeableConcept);
    if (concept && saysOthers(concept) && !hasText(concept.text)) return e;
  }
  return -1;
}

function saysOthers(concept: JsonObject): boolean {
  const codings = asArray(concept.coding);
  for (let c = 0; c < codings.length; c += 1) if (asObject(codings[c])?.code === 'others') return true;
  return false;
}
