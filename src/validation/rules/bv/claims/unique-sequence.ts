/**
 * BV-00002, BV-00042, BV-00043, BV-00044: a sequence number must be unique within its list
 * (careTeam, item, one item's details, one detail's subDetails). The second and later uses of a
 * number are reported, at their own `sequence`, so the first stays the one the payer will match.
 *
 * Plain loops over the Claim's arrays, with one set of seen numbers per check reused for every
 * list, and paths made only for a finding: these run for every claim, and a repeated number is rare.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath, type MessageUnderTest } from '../../../message.js';
import { NO_FINDINGS, focalOfType } from './claim-entries.js';

/** Which lists a rule checks: the Claim's careTeam or items, each item's details, or each detail's subDetails. */
export type SequenceList = 'careTeam' | 'item' | 'detail' | 'subDetail';

export function uniqueSequenceRule(id: string, lists: SequenceList): Rule {
  return {
    id,
    check(message) {
      const found = new Repeats(id, lists, message);
      for (const { index, resource } of focalOfType(message, 'Claim')) {
        if (lists === 'careTeam' || lists === 'item') {
          found.check(index, resource[lists], -1, -1);
          continue;
        }
        const items = asArray(resource.item);
        for (let i = 0; i < items.length; i += 1) {
          const item = asObject(items[i]);
          if (!item) continue;
          if (lists === 'detail') {
            found.check(index, item.detail, i, -1);
            continue;
          }
          const details = asArray(item.detail);
          for (let j = 0; j < details.length; j += 1) {
            const detail = asObject(details[j]);
            if (detail) found.check(index, detail.subDetail, i, j);
          }
        }
      }
      return found.findings ?? NO_FINDINGS;
    },
  };
}

/** The repeated sequences one rule finds in one message. */
class Repeats {
  findings: Finding[] | undefined;
  #seen: Set<unknown> | undefined;

  constructor(
    readonly id: string,
    readonly lists: SequenceList,
    readonly message: MessageUnderTest,
  ) {}

  /**
   * Checks one list of the Claim at entry `claim`: `item` and `detail` are the positions of the
   * item and detail it belongs to (-1 above them). A list of fewer than two elements cannot
   * repeat a number.
   */
  check(claim: number, elements: unknown, item: number, detail: number): void {
    const list = asArray(elements);
    if (list.length < 2) return;
    const seen = (this.#seen ??= new Set());
    seen.clear();
    for (let i = 0; i < list.length; i += 1) {
      const sequence = asObject(list[i])?.sequence;
      if (typeof sequence !== 'number') continue; // missing or mistyped: the profile's and schema's findings
      if (seen.has(sequence)) {
        const path = this.#pathOf(item, detail);
        (this.findings ??= []).push(error(this.id, entryPath(this.message, claim, `${path}[${i}].sequence`), `sequence ${sequence} is used twice in ${path}`));
      }
      seen.add(sequence);
    }
  }

  /** The list's path inside the Claim (e.g. `item[0].detail`), made only for a finding. */
  #pathOf(item: number, detail: number): string {
    if (this.lists === 'detail') return `item[${item}].detail`;
    if (this.lists === 'subDetail') return `item[${item}].detail[${detail}].subDetail`;
    return this.lists;
  }
}
