import { error } from '../../../../findings/finding.js';
import { asArray, asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { collectFrom } from './walk.js';

/**
 * BV-00389 "An extension either MUST have a value element, or it MUST contain another extension,
 * but, it cannot be empty." Applies to `extension` and `modifierExtension` everywhere.
 */
export const BV_00389: Rule = {
  id: 'BV-00389',
  check(message) {
    return collectFrom(message, ({ node, path }) =>
      ['extension', 'modifierExtension'].flatMap((key) =>
        asArray(node[key]).flatMap((raw, i) => {
          const extension = asObject(raw);
          if (!extension) return [];
          const hasValue = Object.keys(extension).some((name) => /^value[A-Z]/.test(name));
          const hasChildren = asArray(extension.extension).length > 0;
          return hasValue || hasChildren ? [] : [error('BV-00389', `${path}.${key}[${i}]`, 'extension has neither a value nor extensions')];
        }),
      ),
    );
  },
};
