import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * BV-00265 "dateTime dataType SHALL have a maximum length of 29 Characters".
 * A dateTime is recognised by its shape (a date, `T` and a time): only fractional seconds make one longer than 29 characters.
 */
export const BV_00265: Rule = {
  id: 'BV-00265',
  check(message) {
    const findings: Finding[] = [];
    for (const visited of message.elements.allObjects) {
      const object = visited.node;
      // `for...in` visits a parsed object's own keys in `Object.keys` order, without making the array.
      for (const key in object) {
        const value = object[key];
        if (typeof value === 'string' && value.length > 29 && DATE_TIME.test(value)) {
          findings.push(error('BV-00265', `${visited.path}.${key}`, `dateTime is ${value.length} characters long (at most 29)`));
        }
      }
    }
    return findings;
  },
};
