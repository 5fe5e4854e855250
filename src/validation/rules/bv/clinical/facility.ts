/** Claim.facility for outpatient and telemedicine encounters, and the clinic its Location names. */
import { error } from '../../../../findings/finding.js';
import { asObject, asString } from '../../../../fhir/json.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { CS, claimsOf, codings, encounterOf, resolveReference, uses } from './claim-view.js';

const OUTPATIENT = ['AMB', 'VR'];

function encounterClass(resource: Record<string, unknown> | undefined): string | undefined {
  return asString(asObject(resource?.class)?.code);
}

/** BV-00905 "Claim.facility shall be provided when Claim.type="Professional", Claim.use="preauthorization" or "claim" and Encounter.class="AMB" or "VR"". */
export const BV_00905: Rule = {
  id: 'BV-00905',
  check: (message) =>
    claimsOf(message)
      .filter((c) => c.type === 'professional' && uses(c, 'claim', 'preauthorization') && c.claim.facility === undefined)
      .filter((c) => OUTPATIENT.includes(encounterClass(encounterOf(message, c.claim)?.resource) ?? ''))
      .map((c) => error('BV-00905', c.path('facility'), 'Claim.facility is required for an outpatient or telemedicine encounter')),
};

/**
 * BV-00898 "Location.type within location resource referenced by Claim.facility SHALL use a value from
 * clinic-specialty when claim.use="preauthorization" or "claim" and Encounter.class="AMB" or "VR"".
 */
export function clinicSpecialtyRule(codes: ReadonlySet<string>): Rule {
  const system = `${CS}clinic-specialty`;
  return {
    id: 'BV-00898',
    check: (message) =>
      claimsOf(message).flatMap((c) => {
        if (!uses(c, 'claim', 'preauthorization') || !OUTPATIENT.includes(encounterClass(encounterOf(message, c.claim)?.resource) ?? '')) return [];
        const location = resolveReference(message, c.claim.facility);
        if (location?.resource?.resourceType !== 'Location') return [];
        const types = Array.isArray(location.resource.type) ? location.resource.type : [];
        const ok = types.some((t) => codings(t).some((x) => x.system === system && codes.has(asString(x.code) ?? '')));
        return ok ? [] : [error('BV-00898', entryPath(message, location.index, 'type'), `Location.type must come from ${system}`)];
      }),
  };
}
