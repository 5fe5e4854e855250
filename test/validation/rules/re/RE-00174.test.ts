import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

describe('RE-00174: references resolve inside the bundle', () => {
  it('reports Claim.patient with its own code, RE-00015', () => {
    const bundle = structuredClone(sample('7a-claim-dental-request.json').json);
    bundle.entry[1].resource.patient.reference = 'http://elsewhere.example/Patient/1';
    expect(findingsOf(bundle)).toEqual([{ code: 'RE-00015', expression: 'Bundle.entry[1].resource.patient' }]);
  });
  it('reports CoverageEligibilityRequest.facility with its own code, RE-00061', () => {
    const bundle = structuredClone(sample('14a-eligibilty-request-ben-val.json').json);
    bundle.entry[1].resource.facility.reference = 'http://elsewhere.example/Location/9';
    expect(findingsOf(bundle)).toEqual([{ code: 'RE-00061', expression: 'Bundle.entry[1].resource.facility' }]);
  });
  it('reports a reference with no element-specific rule (Patient.managingOrganization) as RE-00174', () => {
    const bundle = structuredClone(sample('14a-eligibilty-request-ben-val.json').json);
    const i = bundle.entry.findIndex((e: any) => e.resource.resourceType === 'Patient');
    bundle.entry[i].resource.managingOrganization = { reference: 'http://elsewhere.example/Organization/9' };
    expect(findingsOf(bundle)).toEqual([{ code: 'RE-00174', expression: `Bundle.entry[${i}].resource.managingOrganization` }]);
  });
  it('resolves relative Type/id references (sample 12a: requester Organization/10)', () => {
    expect(findingsOf(sample('12a-poll-request.json').json)).toEqual([]);
  });
  it('checks the claims nested in a batch as messages of their own', () => {
    const bundle = structuredClone(sample('16-batch-request.json').json);
    bundle.entry[1].resource.entry[1].resource.patient.reference = 'http://elsewhere.example/Patient/1';
    expect(findingsOf(bundle)).toEqual([{ code: 'RE-00015', expression: 'Bundle.entry[1].resource.entry[1].resource.patient' }]);
  });
});

describe('RE-00174 for references carried by extensions', () => {
  it('reports a dangling Claim extension-encounter as RE-00189 at extension[n].value, as the NPHIES sandbox does (errors.json)', () => {
    const bundle = structuredClone(sample('preauth-professional-outpatient-request.json').json);
    const claimIndex = bundle.entry.findIndex((e: any) => e.resource.resourceType === 'Claim');
    const extensions = bundle.entry[claimIndex].resource.extension;
    const n = extensions.findIndex((x: any) => x.url.endsWith('extension-encounter'));
    extensions[n].valueReference.reference = 'http://elsewhere.example/Encounter/1';
    expect(findingsOf(bundle)).toEqual([{ code: 'RE-00189', expression: `Bundle.entry[${claimIndex}].resource.extension[${n}].value` }]);
  });
});
