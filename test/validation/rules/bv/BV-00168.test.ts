import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

describe('BV-00168: MessageHeader.id is a GUID', () => {
  it('flags a MessageHeader.id that is not a GUID', () => {
    const bundle = structuredClone(sample('14a-eligibilty-request-ben-val.json').json);
    bundle.entry[0].resource.id = 'c19c71dccfad4401b5b0c0f20e8f1490';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00168', expression: 'Bundle.entry[0].resource.id' }]);
  });
});
