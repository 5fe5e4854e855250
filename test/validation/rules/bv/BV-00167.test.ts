import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

describe('BV-00167: the focal resource fits the event', () => {
  it('flags an eligibility-request whose focus is the Coverage', () => {
    const bundle = structuredClone(sample('14a-eligibilty-request-ben-val.json').json);
    bundle.entry[0].resource.focus[0].reference = bundle.entry[2].fullUrl;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00167', expression: 'Bundle.entry[0].resource.focus[0]' }]);
  });
});
