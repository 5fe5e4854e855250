/** Claim.facility for outpatient and telemedicine encounters, and the clinic its Location names. */
import { asArray } from '../../../../fhir/json.js';
import { error } from '../../../../findings/finding.js';
import type { Rule } from '../../../rule.js';
import { entryPath } from '../../../message.js';
import { CLAIM_OR_AUTH, claimRule, resolveReference, usedFor, type ClaimUnderTest } from './claim-view.js';
import { CS, NO_FINDINGS, hasSystemCodeIn } from './concepts.js';

const OUTPATIENT = ['AMB', 'VR'];

/** Is the claim's linked Encounter (resolved once per message) an outpatient or telemedicine one? */
function isOutpatient(c: ClaimUnderTest): boolean {
  return OUTPATIENT.includes(c.encounter?.encounterClass ?? '');
}

/** BV-00905 "Claim.facility shall be provided when Claim.type="Professional", Claim.use="preauthorization" or "claim" and Encounter.class="AMB" or "VR"". */
export const BV_00905 = claimRule('BV-00905', (c) =>
  c.type === 'professional' && usedFor(c, CLAIM_OR_AUTH) && c.claim.facility === undefined && isOutpatient(c)
    ? [error('BV-00905', c.path('facility'), 'Claim.facility is required for an outpatient or telemedicine encounter')]
    : NO_FINDINGS,
);

/**
 * BV-00898 "Location.type within location resource referenced by Claim.facility SHALL use a value from
 * clinic-specialty when claim.use="preauthorization" or "claim" and Encounter.class="AMB" or "VR"".
 */
export function clinicSpecialtyRule(codes: ReadonlySet<string>): Rule {
  const system = `${CS}clinic-specialty`;
  return claimRule('BV-00898', (c, message) => {
    if (!usedFor(c, CLAIM_OR_AUTH) || !isOutpatient(c)) return NO_FINDINGS;
    const location = resolveReference(message, c.claim.facility);
    if (location?.resource?.resourceType !== 'Location') return NO_FINDINGS;
    for (const type of asArray(location.resource.type)) if (hasSystemCodeIn(type, system, codes)) return NO_FINDINGS;
    return [error('BV-00898', entryPath(message, location.index, 'type'), `Location.type must come from ${system}`)];
  });
}
