import { error, type Finding } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { NO_FINDINGS, focalOfType, objectsOf } from './claim-entries.js';

const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

/**
 * BV-00871 "Location.type SHALL use a value from http://terminology.hl7.org/CodeSystem/v3-RoleCode
 * when used in eligibility request transaction and CoverageEligibilityRequest.extension.referral
 * ="false" or is not provided". The referral extension's URL is not in the v5.2 profile tables, so
 * a request carrying any extension whose URL names a referral is left alone: only requests that
 * certainly have no referral flag are judged.
 */
export const BV_00871: Rule = {
  id: 'BV-00871',
  check(message) {
    let findings: Finding[] | undefined;
    for (const { resource } of focalOfType(message, 'CoverageEligibilityRequest')) {
      if (objectsOf(resource.extension).some(({ object }) => /referral/i.test(asString(object.url) ?? ''))) continue;
      const reference = asString(asObject(resource.facility)?.reference);
      const location = reference === undefined ? undefined : message.entryIndex.resolve(reference);
      if (location?.resource?.resourceType !== 'Location') continue;
      for (const type of objectsOf(location.resource.type)) {
        for (const coding of objectsOf(type.object.coding)) {
          const system = coding.object.system;
          if (typeof system === 'string' && system !== ROLE_CODE) {
            (findings ??= []).push(error('BV-00871', entryPath(message, location.index, `type[${type.index}].coding[${coding.index}].system`), `Location.type must use ${ROLE_CODE}`));
          }
        }
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
