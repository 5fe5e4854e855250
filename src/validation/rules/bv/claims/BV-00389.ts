import { error, type Finding } from '../../../../findings/finding.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { NO_FINDINGS } from './claim-entries.js';
import { elementShapes } from './walk.js';

const EXTENSION_KEYS = ['extension', 'modifierExtension'] as const;

/** Does the extension carry a `value[x]` (a property `value` followed by a capital: `/^value[A-Z]/`, without a regex per name)? */
function hasValueElement(extension: Record<string, unknown>): boolean {
  for (const name in extension) {
    if (name.length > 5 && name.startsWith('value')) {
      const next = name.charCodeAt(5);
      if (next >= 65 && next <= 90) return true;
    }
  }
  return false;
}

/**
 * BV-00389 "An extension either MUST have a value element, or it MUST contain another extension,
 * but, it cannot be empty." Applies to `extension` and `modifierExtension` everywhere.
 */
export const BV_00389: Rule = {
  id: 'BV-00389',
  check(message) {
    let findings: Finding[] | undefined;
    for (const visited of elementShapes(message).extended) {
      for (const key of EXTENSION_KEYS) {
        const list = visited.node[key];
        if (!Array.isArray(list)) continue;
        // A plain loop: this runs for every object carrying extensions, and a closure per object adds up.
        for (let i = 0; i < list.length; i += 1) {
          const extension = asObject(list[i]);
          if (!extension) continue;
          const hasValue = hasValueElement(extension);
          const hasChildren = asArray(extension.extension).length > 0;
          if (!hasValue && !hasChildren) (findings ??= []).push(error('BV-00389', `${visited.path}.${key}[${i}]`, 'extension has neither a value nor extensions'));
        }
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
