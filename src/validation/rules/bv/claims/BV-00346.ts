import { error, type Finding } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { GUID } from '../uuid.js';
import { NO_FINDINGS, entriesOfType } from './claim-entries.js';

/**
 * BV-00346 "OperationOutcome.id SHALL be a globally unique identifier (GUID) with a pattern 36
 * characters (32 characters and 4 dashes ex: d45fe0ab-b138-4fc7-adbc-28f5c5a4fbf9)".
 */
export const BV_00346: Rule = {
  id: 'BV-00346',
  check(message) {
    let findings: Finding[] | undefined;
    for (const { index, resource } of entriesOfType(message, 'OperationOutcome')) {
      if (typeof resource.id !== 'string' || !GUID.test(resource.id)) {
        (findings ??= []).push(error('BV-00346', entryPath(message, index, 'id'), 'OperationOutcome.id must be a GUID'));
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
