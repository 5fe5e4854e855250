/**
 * BV-00131, BV-00134: the resource a cancel or status-check Task points at (Task.focus.type)
 * SHALL be one the operation applies to. A prior authorization is a Claim too (Claim.use).
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType } from './claim-entries.js';

export function taskFocusTypeRule(id: string, allowed: readonly string[]): Rule {
  return {
    id,
    check(message) {
      let findings: Finding[] | undefined;
      for (const { index, resource } of focalOfType(message, 'Task')) {
        const focus = asObject(resource.focus);
        const type = asString(focus?.type);
        // A focus given without type names its target only by identifier: nothing to judge here.
        if (type !== undefined && !allowed.includes(type)) {
          (findings ??= []).push(error(id, entryPath(message, index, 'focus.type'), `Task.focus must be a ${allowed.join(' or ')}`));
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}
