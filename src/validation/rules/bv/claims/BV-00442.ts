import { error, type Finding } from '../../../../findings/finding.js';
import { MAX_FINDINGS } from '../../../../findings/limit.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType } from './claim-entries.js';

/**
 * BV-00442 "Claim.item.careTeamSequence value SHALL match an existing Claim.careTeam.sequence
 * value within the same claim".
 */
export const BV_00442: Rule = {
  id: 'BV-00442',
  check(message) {
    let findings: Finding[] | undefined;
    for (const { index, resource } of focalOfType(message, 'Claim')) {
      const items = asArray(resource.item);
      let known: Set<unknown> | undefined; // the careTeam's sequences, read when an item first links to one
      for (let i = 0; i < items.length; i += 1) {
        const links = asArray(asObject(items[i])?.careTeamSequence);
        for (let k = 0; k < links.length; k += 1) {
          const sequence = links[k];
          if (typeof sequence !== 'number') continue;
          known ??= careTeamSequences(resource.careTeam);
          if (!known.has(sequence)) {
            // One more than a message is answered with is enough for the cap's notice (issue 9: a million links made a million findings).
            if (findings !== undefined && findings.length > MAX_FINDINGS) return findings;
            (findings ??= []).push(error('BV-00442', entryPath(message, index, `item[${i}].careTeamSequence[${k}]`), `no careTeam has sequence ${sequence}`));
          }
        }
      }
    }
    return findings ?? NO_FINDINGS;
  },
};

function careTeamSequences(careTeam: unknown): Set<unknown> {
  const sequences = new Set<unknown>();
  const members = asArray(careTeam);
  for (let m = 0; m < members.length; m += 1) {
    const member = asObject(members[m]);
    if (member) sequences.add(member.sequence);
  }
  return sequences;
}
