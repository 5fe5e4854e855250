import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

describe('BV-00341: Bundle.id is a GUID', () => {
  it('flags a Bundle.id that is not 36-character GUID', () => {
    const bundle = structuredClone(sample('14a-eligibilty-request-ben-val.json').json);
    bundle.id = 'bundle-123';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00341', expression: 'Bundle.id' }]);
  });
});
