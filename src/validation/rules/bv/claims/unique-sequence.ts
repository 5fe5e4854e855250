/**
 * BV-00002, BV-00042, BV-00043, BV-00044: a sequence number must be unique within its list
 * (careTeam, item, one item's details, one detail's subDetails). The second and later uses of a
 * number are reported, at their own `sequence`, so the first stays the one the payer will match.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import type { JsonObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { focalOfType, objectsOf } from './claim-entries.js';

/** One list to check: its elements and the path of the array inside the Claim (e.g. `item[0].detail`). */
export interface SequenceList {
  readonly path: string;
  readonly elements: unknown;
}

export function uniqueSequenceRule(id: string, listsOf: (claim: JsonObject) => SequenceList[]): Rule {
  return {
    id,
    check(message) {
      const findings: Finding[] = [];
      for (const { index, resource } of focalOfType(message, 'Claim')) {
        for (const list of listsOf(resource)) {
          const seen = new Set<unknown>();
          for (const { index: i, object } of objectsOf(list.elements)) {
            const sequence = object.sequence;
            if (typeof sequence !== 'number') continue; // missing or mistyped: the profile's and schema's findings
            if (seen.has(sequence)) {
              findings.push(error(id, entryPath(message, index, `${list.path}[${i}].sequence`), `sequence ${sequence} is used twice in ${list.path}`));
            }
            seen.add(sequence);
          }
        }
      }
      return findings;
    },
  };
}

/** `item[i].detail` for every item. */
export function detailLists(claim: JsonObject): SequenceList[] {
  return objectsOf(claim.item).map(({ index, object }) => ({ path: `item[${index}].detail`, elements: object.detail }));
}

/** `item[i].detail[j].subDetail` for every detail. */
export function subDetailLists(claim: JsonObject): SequenceList[] {
  return objectsOf(claim.item).flatMap(({ index, object }) =>
    objectsOf(object.detail).map((detail) => ({ path: `item[${index}].detail[${detail.index}].subDetail`, elements: detail.object.subDetail })),
  );
}
