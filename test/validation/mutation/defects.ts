/**
 * Kinds of defect for the mutation test: each breaks a copy of an official sample in one
 * place and says which official code NPHIES would report there, at which FHIRPath.
 * A defect returns undefined when it does not apply to a sample (no such element).
 */
export interface Expectation {
  readonly code: string;
  readonly expression: string;
}

export interface Defect {
  readonly id: string;
  /** Breaks `bundle` in place; returns what must be reported, or undefined when it does not apply. */
  apply(bundle: any): Expectation | undefined;
}

const entryIndex = (bundle: any, type: string): number => bundle.entry.findIndex((e: any) => e.resource?.resourceType === type);
const focalIndex = (bundle: any): number => bundle.entry.findIndex((e: any) => e.fullUrl === bundle.entry[0].resource.focus?.[0]?.reference);
const event = (bundle: any): string => bundle.entry[0].resource.eventCoding.code;
const isClaimEvent = (bundle: any): boolean => ['claim-request', 'priorauth-request'].includes(event(bundle));

/**
 * Replaces a reference of the focal resource by one that resolves nowhere. The official code
 * depends on the element's resource (`codes`: focal resource type → the RE rule of that element).
 */
function brokenFocalReference(id: string, element: string, codes: Record<string, string>): Defect {
  return {
    id,
    apply(bundle) {
      const i = focalIndex(bundle);
      const resource = bundle.entry[i]?.resource;
      const code = codes[resource?.resourceType];
      if (!code || !resource[element]?.reference) return undefined;
      resource[element].reference = 'http://nowhere.example/Resource/404';
      return { code, expression: `Bundle.entry[${i}].resource.${element}` };
    },
  };
}

/** Sets a Claim element to a value of the wrong JSON type. */
function wrongType(id: string, element: string, value: unknown, code: string): Defect {
  return {
    id,
    apply(bundle) {
      const i = entryIndex(bundle, 'Claim');
      if (i < 0 || bundle.entry[i].resource[element] === undefined || !isClaimEvent(bundle)) return undefined;
      bundle.entry[i].resource[element] = value;
      return { code, expression: `Bundle.entry[${i}].resource.${element}` };
    },
  };
}

export const DEFECTS: readonly Defect[] = [
  {
    id: 'bundle-id-not-guid',
    apply(b) {
      b.id = 'bundle-1';
      return { code: 'BV-00341', expression: 'Bundle.id' };
    },
  },
  {
    id: 'header-id-not-guid',
    apply(b) {
      b.entry[0].resource.id = 'header-1';
      return { code: 'BV-00168', expression: 'Bundle.entry[0].resource.id' };
    },
  },
  {
    id: 'focus-not-a-full-url',
    apply(b) {
      if (!b.entry[0].resource.focus?.length) return undefined;
      b.entry[0].resource.focus[0].reference = 'http://nowhere.example/Thing/1';
      return { code: 'RE-00169', expression: 'Bundle.entry[0].resource.focus[0]' };
    },
  },
  {
    id: 'second-focus',
    apply(b) {
      if (event(b) === 'batch-request' || !b.entry[0].resource.focus?.length) return undefined;
      b.entry[0].resource.focus.push({ reference: b.entry[0].resource.focus[0].reference });
      return { code: 'BV-00221', expression: 'Bundle.entry[0].resource.focus' };
    },
  },
  {
    id: 'focal-profile-without-version',
    apply(b) {
      const i = focalIndex(b);
      const profile = b.entry[i]?.resource?.meta?.profile;
      if (!profile?.length) return undefined;
      profile[0] = String(profile[0]).split('|')[0];
      return { code: 'BV-00225', expression: `Bundle.entry[${i}].resource.meta.profile[0]` };
    },
  },
  {
    id: 'header-profile-without-version',
    apply(b) {
      b.entry[0].resource.meta.profile[0] = String(b.entry[0].resource.meta.profile[0]).split('|')[0];
      return { code: 'BV-00225', expression: 'Bundle.entry[0].resource.meta.profile[0]' };
    },
  },
  {
    id: 'claim-use-mismatch',
    apply(b) {
      const i = entryIndex(b, 'Claim');
      if (i < 0 || !isClaimEvent(b)) return undefined;
      b.entry[i].resource.use = b.entry[i].resource.use === 'claim' ? 'preauthorization' : 'claim';
      return { code: 'BV-00165', expression: `Bundle.entry[${i}].resource.use` };
    },
  },
  {
    id: 'claim-subtype-mismatch',
    apply(b) {
      const i = entryIndex(b, 'Claim');
      const claim = b.entry[i]?.resource;
      if (!claim?.subType?.coding?.[0] || !isClaimEvent(b)) return undefined;
      const type = claim.type.coding[0].code;
      const codes: Record<string, string> = { institutional: 'BV-00364', professional: 'BV-00365', oral: 'BV-00366', vision: 'BV-00367', pharmacy: 'BV-00368' };
      if (!codes[type]) return undefined;
      claim.subType.coding[0].code = type === 'institutional' ? 'op' : 'ip';
      return { code: codes[type] as string, expression: `Bundle.entry[${i}].resource.subType.coding[0].code` };
    },
  },
  brokenFocalReference('patient-dangling', 'patient', { Claim: 'RE-00015', CoverageEligibilityRequest: 'RE-00068' }),
  brokenFocalReference('insurer-dangling', 'insurer', { Claim: 'RE-00008', CoverageEligibilityRequest: 'RE-00063' }),
  brokenFocalReference('provider-dangling', 'provider', { Claim: 'RE-00020', CoverageEligibilityRequest: 'RE-00069', PaymentNotice: 'RE-00113' }),
  brokenFocalReference('facility-dangling', 'facility', { Claim: 'RE-00005', CoverageEligibilityRequest: 'RE-00061' }),
  {
    id: 'claim-coverage-dangling',
    apply(b) {
      const i = entryIndex(b, 'Claim');
      const coverage = b.entry[i]?.resource?.insurance?.[0]?.coverage;
      if (!coverage?.reference || !isClaimEvent(b)) return undefined;
      coverage.reference = 'http://nowhere.example/Coverage/404';
      return { code: 'RE-00007', expression: `Bundle.entry[${i}].resource.insurance[0].coverage` };
    },
  },
  {
    id: 'provider-licence-not-sender',
    apply(b) {
      const i = entryIndex(b, 'Claim');
      const ref = b.entry[i]?.resource?.provider?.reference;
      const org = b.entry.findIndex((e: any) => e.fullUrl === ref);
      if (org < 0 || !isClaimEvent(b)) return undefined;
      b.entry[org].resource.identifier[0].value = 'N-F-99999';
      return { code: 'GE-00031', expression: `Bundle.entry[${org}].resource.identifier` };
    },
  },
  {
    id: 'insurer-licence-not-receiver',
    apply(b) {
      const i = entryIndex(b, 'Claim');
      const ref = b.entry[i]?.resource?.insurer?.reference;
      const org = b.entry.findIndex((e: any) => e.fullUrl === ref);
      if (org < 0 || !isClaimEvent(b)) return undefined;
      b.entry[org].resource.identifier[0].value = 'N-I-99999';
      return { code: 'GE-00034', expression: `Bundle.entry[${org}].resource.identifier` };
    },
  },
  wrongType('claim-created-number', 'created', 20210101, 'DT-00074'),
  wrongType('claim-use-number', 'use', 42, 'DT-00230'),
  {
    id: 'unknown-element-on-focal',
    apply(b) {
      const i = focalIndex(b);
      if (i < 0) return undefined;
      b.entry[i].resource.colour = 'blue';
      return { code: 'FR-00027', expression: `Bundle.entry[${i}].resource.colour` };
    },
  },
  {
    id: 'bundle-type-code-unknown-in-nested-batch',
    apply(b) {
      if (event(b) !== 'batch-request') return undefined;
      b.entry[1].resource.entry[1].resource.patient.reference = 'http://nowhere.example/Patient/1';
      return { code: 'RE-00015', expression: 'Bundle.entry[1].resource.entry[1].resource.patient' };
    },
  },
  {
    id: 'bundle-timestamp-bad-format',
    apply(b) {
      if (!b.timestamp) return undefined;
      b.timestamp = '15/07/2021';
      return { code: 'DT-00052', expression: 'Bundle.timestamp' };
    },
  },
];
