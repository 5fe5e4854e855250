import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

function entryIndexOf(bundle: any, reference: string): number {
  return bundle.entry.findIndex((e: any) => e.fullUrl === reference);
}

describe('GE-00031..34: MessageHeader licences match the bundled Organizations', () => {
  it('GE-00031: sender is not the Claim.provider Organization', () => {
    const bundle = structuredClone(sample('7a-claim-dental-request.json').json);
    const i = entryIndexOf(bundle, bundle.entry[1].resource.provider.reference);
    bundle.entry[i].resource.identifier[0].value = 'N-F-99999';
    // BV-00351 says the same of Claim.provider; NPHIES lists both.
    expect(findingsOf(bundle)).toEqual([
      { code: 'BV-00351', expression: 'Bundle.entry[1].resource.provider' },
      { code: 'GE-00031', expression: `Bundle.entry[${i}].resource.identifier` },
    ]);
  });
  it('GE-00034: receiver is not the Claim.insurer Organization', () => {
    const bundle = structuredClone(sample('7a-claim-dental-request.json').json);
    bundle.entry[0].resource.destination[0].receiver.identifier.value = 'INS-FHIR';
    const i = entryIndexOf(bundle, bundle.entry[1].resource.insurer.reference);
    expect(findingsOf(bundle)).toEqual([{ code: 'GE-00034', expression: `Bundle.entry[${i}].resource.identifier` }]);
  });
  // Sample 7b's Coverage.payor points outside the bundle (RE-00057); mend that first so only the broken licence remains.
  function claimResponseSample(): any {
    const bundle = structuredClone(sample('7b-claim-response.json').json);
    const focal = bundle.entry.find((e: any) => e.resource.resourceType === 'ClaimResponse').resource;
    bundle.entry.find((e: any) => e.resource.resourceType === 'Coverage').resource.payor = [{ reference: focal.insurer.reference }];
    expect(findingsOf(bundle)).toEqual([]);
    return bundle;
  }

  it('GE-00033: a claim-response sender is not the ClaimResponse.insurer Organization', () => {
    const bundle = claimResponseSample();
    const focal = bundle.entry.find((e: any) => e.resource.resourceType === 'ClaimResponse').resource;
    const i = entryIndexOf(bundle, focal.insurer.reference);
    bundle.entry[0].resource.sender.identifier.value = 'INS-FHIR';
    expect(findingsOf(bundle)).toEqual([{ code: 'GE-00033', expression: `Bundle.entry[${i}].resource.identifier` }]);
  });
  it('GE-00032: a claim-response receiver is not the ClaimResponse.requestor Organization', () => {
    const bundle = claimResponseSample();
    const focal = bundle.entry.find((e: any) => e.resource.resourceType === 'ClaimResponse').resource;
    const i = entryIndexOf(bundle, focal.requestor.reference);
    bundle.entry[0].resource.destination[0].receiver.identifier.value = 'N-F-00001';
    expect(findingsOf(bundle)).toEqual([{ code: 'GE-00032', expression: `Bundle.entry[${i}].resource.identifier` }]);
  });
});
