/**
 * Defects on what every message has: ids, the header's focus, declared profiles, the claim's use
 * and subtype, the parties' licences, JSON types and unknown elements.
 */
import { at, claimOf, type Defect, defect, entryIndex, eventOf, focalIndex, isClaimEvent, resolve } from './kit.js';
import { declaredProfile, metaProfileCode } from './official.js';

/**
 * Replaces a reference of the focal resource by one that resolves nowhere. The official code
 * depends on the element's resource (`codes`: focal resource type → the RE rule of that element).
 */
function brokenFocalReference(id: string, element: string, codes: Record<string, string>): Defect {
  return defect('reference', id, (bundle) => {
    const i = focalIndex(bundle);
    const resource = bundle.entry[i]?.resource;
    const code = codes[resource?.resourceType];
    if (!code || !resource[element]?.reference) return undefined;
    resource[element].reference = 'http://nowhere.example/Resource/404';
    return { code, expression: at(i, element) };
  });
}

/** Sets a Claim element to a value of the wrong JSON type. */
function wrongType(id: string, element: string, value: unknown, code: string): Defect {
  return defect('datatype', id, (bundle) => {
    const i = entryIndex(bundle, 'Claim');
    if (i < 0 || bundle.entry[i].resource[element] === undefined || !isClaimEvent(bundle)) return undefined;
    bundle.entry[i].resource[element] = value;
    return { code, expression: at(i, element) };
  });
}

/** The party organisation of the focal Claim, its licence replaced by one that is not the message's. */
function licenceNotInHeader(id: string, element: 'provider' | 'insurer', licence: string, code: string): Defect {
  return defect('identifier', id, (bundle) => {
    const claim = claimOf(bundle);
    const org = claim ? resolve(bundle, claim[1][element]) : -1;
    if (org < 0) return undefined;
    bundle.entry[org].resource.identifier[0].value = licence;
    return { code, expression: at(org, 'identifier') };
  });
}

const SUBTYPE_RULES: Record<string, string> = { institutional: 'BV-00364', professional: 'BV-00365', oral: 'BV-00366', vision: 'BV-00367', pharmacy: 'BV-00368' };

export const FOUNDATION_DEFECTS: readonly Defect[] = [
  defect('foundation', 'bundle-id-not-guid', (b) => {
    b.id = 'bundle-1';
    return { code: 'BV-00341', expression: 'Bundle.id' };
  }),
  defect('foundation', 'header-id-not-guid', (b) => {
    b.entry[0].resource.id = 'header-1';
    return { code: 'BV-00168', expression: 'Bundle.entry[0].resource.id' };
  }),
  defect('foundation', 'focus-not-a-full-url', (b) => {
    if (!b.entry[0].resource.focus?.length) return undefined;
    b.entry[0].resource.focus[0].reference = 'http://nowhere.example/Thing/1';
    return { code: 'RE-00169', expression: 'Bundle.entry[0].resource.focus[0]' };
  }),
  defect('foundation', 'second-focus', (b) => {
    if (eventOf(b) === 'batch-request' || !b.entry[0].resource.focus?.length) return undefined;
    b.entry[0].resource.focus.push({ reference: b.entry[0].resource.focus[0].reference });
    return { code: 'BV-00221', expression: 'Bundle.entry[0].resource.focus' };
  }),
  defect('profile', 'focal-profile-without-version', (b) => {
    const i = focalIndex(b);
    const profile = b.entry[i]?.resource?.meta?.profile;
    if (!profile?.length) return undefined;
    profile[0] = String(profile[0]).split('|')[0];
    return { code: 'BV-00225', expression: at(i, 'meta.profile[0]') };
  }),
  defect('profile', 'header-profile-without-version', (b) => {
    b.entry[0].resource.meta.profile[0] = String(b.entry[0].resource.meta.profile[0]).split('|')[0];
    return { code: 'BV-00225', expression: 'Bundle.entry[0].resource.meta.profile[0]' };
  }),
  defect('profile', 'focal-without-profile', (b) => {
    const i = focalIndex(b);
    const resource = b.entry[i]?.resource;
    const code = resource && declaredProfile(resource) && metaProfileCode(resource.resourceType);
    if (!code) return undefined;
    delete resource.meta.profile;
    return { code, expression: at(i, 'meta.profile') };
  }),
  defect('claim', 'claim-use-mismatch', (b) => {
    const claim = claimOf(b);
    if (!claim) return undefined;
    claim[1].use = claim[1].use === 'claim' ? 'preauthorization' : 'claim';
    return { code: 'BV-00165', expression: at(claim[0], 'use') };
  }),
  defect('claim', 'claim-subtype-mismatch', (b) => {
    const claim = claimOf(b);
    const type = claim?.[1].type?.coding?.[0]?.code;
    if (!claim?.[1].subType?.coding?.[0] || !SUBTYPE_RULES[type]) return undefined;
    claim[1].subType.coding[0].code = type === 'institutional' ? 'op' : 'ip';
    return { code: SUBTYPE_RULES[type]!, expression: at(claim[0], 'subType.coding[0].code') };
  }),
  brokenFocalReference('patient-dangling', 'patient', { Claim: 'RE-00015', CoverageEligibilityRequest: 'RE-00068' }),
  brokenFocalReference('insurer-dangling', 'insurer', { Claim: 'RE-00008', CoverageEligibilityRequest: 'RE-00063' }),
  brokenFocalReference('provider-dangling', 'provider', { Claim: 'RE-00020', CoverageEligibilityRequest: 'RE-00069', PaymentNotice: 'RE-00113' }),
  brokenFocalReference('facility-dangling', 'facility', { Claim: 'RE-00005', CoverageEligibilityRequest: 'RE-00061' }),
  defect('reference', 'claim-coverage-dangling', (b) => {
    const claim = claimOf(b);
    const coverage = claim?.[1].insurance?.[0]?.coverage;
    if (!coverage?.reference) return undefined;
    coverage.reference = 'http://nowhere.example/Coverage/404';
    return { code: 'RE-00007', expression: at(claim![0], 'insurance[0].coverage') };
  }),
  licenceNotInHeader('provider-licence-not-sender', 'provider', 'N-F-99999', 'GE-00031'),
  licenceNotInHeader('insurer-licence-not-receiver', 'insurer', 'N-I-99999', 'GE-00034'),
  wrongType('claim-created-number', 'created', 20210101, 'DT-00074'),
  wrongType('claim-use-number', 'use', 42, 'DT-00230'),
  defect('datatype', 'unknown-element-on-focal', (b) => {
    const i = focalIndex(b);
    if (i < 0) return undefined;
    b.entry[i].resource.colour = 'blue';
    return { code: 'FR-00027', expression: at(i, 'colour') };
  }),
  defect('datatype', 'bundle-timestamp-bad-format', (b) => {
    if (!b.timestamp) return undefined;
    b.timestamp = '15/07/2021';
    return { code: 'DT-00052', expression: 'Bundle.timestamp' };
  }),
];
