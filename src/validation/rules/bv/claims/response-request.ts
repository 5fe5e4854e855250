/**
 * BV-00203, BV-00204: a response names the request it answers by business identifier
 * (`request.identifier`), never by a literal reference into the provider's system.
 */
import { error, type Finding } from '../../../../findings/finding.js';
import { asObject } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType, hasText } from './claim-entries.js';

const RESPONSE_TYPES = ['ClaimResponse', 'CoverageEligibilityResponse'];

export function responseRequestRule(id: string, problem: 'no-identifier' | 'literal-reference'): Rule {
  return {
    id,
    check(message) {
      let findings: Finding[] | undefined;
      for (const type of RESPONSE_TYPES) {
        for (const { index, resource } of focalOfType(message, type)) {
          const request = asObject(resource.request);
          if (!request) continue; // a missing request is the profile's cardinality finding
          if (problem === 'literal-reference' && request.reference !== undefined) {
            (findings ??= []).push(error(id, entryPath(message, index, 'request.reference'), 'request must name the request by identifier, not by reference'));
          }
          if (problem === 'no-identifier' && !hasText(asObject(request.identifier)?.value)) {
            (findings ??= []).push(error(id, entryPath(message, index, 'request.identifier'), 'request has no identifier value'));
          }
        }
      }
      return findings ?? NO_FINDINGS;
    },
  };
}
