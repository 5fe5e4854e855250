import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { checkRule, claimOf, copyOf, indexOf } from './support.js';

const PROFESSIONAL = '10-claim-professional-request.json';

describe('patient rules', () => {
  it('BV-00339: Patient.active false (10-claim-professional-request)', () => {
    const bundle = copyOf(PROFESSIONAL);
    const p = indexOf(bundle, 'Patient');
    bundle.entry[p].resource.active = false;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00339', expression: `Bundle.entry[${p}].resource.active` }]);
  });

  it('BV-00188: a patient identifier padded with spaces, then blank (14a-eligibilty-request-ben-val)', () => {
    const bundle = copyOf('14a-eligibilty-request-ben-val.json');
    const p = indexOf(bundle, 'Patient');
    const identifier = bundle.entry[p].resource.identifier[0];
    identifier.value = ` ${identifier.value}`;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00188', expression: `Bundle.entry[${p}].resource.identifier[0].value` }]);
    identifier.value = '   ';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00188', expression: `Bundle.entry[${p}].resource.identifier[0].value` }]);
  });

  it('BV-00481: a passport number without issuing country (4-preauth-pharmacy-request)', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    const p = indexOf(bundle, 'Patient');
    const identifier = bundle.entry[p].resource.identifier[0];
    identifier.system = 'http://nphies.sa/identifier/passportnumber';
    // PPN is an HL7 v2-0203 identifier type (the sample's NPHIES patient-identifier-type system has only BN and DP).
    identifier.type.coding[0] = { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PPN' };
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00481', expression: `Bundle.entry[${p}].resource.identifier[0].extension` }]);
    identifier.extension = [{ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-identifier-country', valueCodeableConcept: { coding: [{ system: 'urn:iso:std:iso:3166', code: 'EGY' }] } }];
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00797: a national ID that does not start with 1', () => {
    const bundle = copyOf(PROFESSIONAL);
    const p = indexOf(bundle, 'Patient');
    const identifier = bundle.entry[p].resource.identifier[0];
    identifier.type.coding[0].code = 'NI';
    identifier.system = 'http://nphies.sa/identifier/nationalid';
    identifier.value = '1000000001';
    expect(findingsOf(bundle)).toEqual([]);
    identifier.value = '2000000001';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00797', expression: `Bundle.entry[${p}].resource.identifier[0].value` }]);
  });

  it('BV-00798 (not enforced: the samples give iqama numbers such as 0000000001): an iqama must start with 2', () => {
    const bundle = copyOf(PROFESSIONAL);
    const p = indexOf(bundle, 'Patient');
    expect(checkRule('BV-00798', bundle)).toEqual([{ code: 'BV-00798', expression: `Bundle.entry[${p}].resource.identifier[0].value` }]);
    bundle.entry[p].resource.identifier[0].value = '2000000001';
    expect(checkRule('BV-00798', bundle)).toEqual([]);
  });
});

describe('practitioner rules', () => {
  it('BV-00198: a blank practitioner licence (10-claim-professional-request)', () => {
    const bundle = copyOf(PROFESSIONAL);
    const p = indexOf(bundle, 'Practitioner');
    bundle.entry[p].resource.identifier[0].value = ' ';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00198', expression: `Bundle.entry[${p}].resource.identifier[0].value` }]);
  });

  it('BV-00197: a PractitionerRole identifier with a trailing space (16-batch-request, first claim)', () => {
    const bundle = copyOf('16-batch-request.json');
    const nested = bundle.entry[1].resource;
    const r = indexOf(nested, 'PractitionerRole');
    nested.entry[r].resource.identifier[0].value = 'doctor ';
    const findings = findingsOf(bundle).filter((f) => f.code.startsWith('BV-'));
    expect(findings).toEqual([{ code: 'BV-00197', expression: `Bundle.entry[1].resource.entry[${r}].resource.identifier[0].value` }]);
    expect(claimOf(nested).resourceType).toBe('Claim');
  });
});
