/**
 * BV-00056, BV-00485, BV-00494: Claim.payee.party goes with payee type "other" and only with it.
 * BV-00056 and BV-00485 are two active official rules for the same requirement; both are kept,
 * as NPHIES keeps both.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, firstCode } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType } from './claim-entries.js';

export function payeePartyRule(id: string, when: 'required-for-other' | 'only-for-other'): Rule {
  return {
    id,
    check(message) {
      let findings: Finding[] | undefined;
      for (const { index, resource } of focalOfType(message, 'Claim')) {
        const payee = asObject(resource.payee);
        if (!payee) continue;
        const type = firstCode(payee.type);
        if (type === undefined) continue; // payee.type is required by the profile; nothing to compare
        const isOther = type.toLowerCase() === 'other';
        const hasParty = asObject(payee.party) !== undefined;
        if (when === 'required-for-other' ? isOther && !hasParty : !isOther && hasParty) {
          (findings ??= []).push(error(id, entryPath(message, index, 'payee.party'), `payee type is ${type}`));
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}
