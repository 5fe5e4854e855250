import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

describe('BV-00225: every resource declares its versioned profile', () => {
  it('flags a profile without |version', () => {
    const bundle = structuredClone(sample('7a-claim-dental-request.json').json);
    bundle.entry[1].resource.meta.profile[0] = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/oral-claim';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00225', expression: 'Bundle.entry[1].resource.meta.profile[0]' }]);
  });
  it('reports a missing profile with the resource type’s own cardinality rule (IC-00049 for Claim)', () => {
    const bundle = structuredClone(sample('7a-claim-dental-request.json').json);
    delete bundle.entry[1].resource.meta;
    expect(findingsOf(bundle)).toEqual([{ code: 'IC-00049', expression: 'Bundle.entry[1].resource.meta.profile' }]);
  });
});
