import { error } from '../../../findings/finding.js';
import type { Rule } from '../../rule.js';

/** BV-00221 "Bundle MessageHeader.focus SHALL have only one mainResource reference if the message is not a batch request or batch response". */
export const BV_00221: Rule = {
  id: 'BV-00221',
  check(message) {
    const max = message.event.maxFocus ?? 1;
    const count = message.envelope.focusReferences.length;
    return count > max ? [error('BV-00221', `${message.basePath}.entry[0].resource.focus`, `${count} focus references, at most ${max} allowed`)] : [];
  },
};
