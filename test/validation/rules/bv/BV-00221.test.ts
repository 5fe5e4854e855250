import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

describe('BV-00221: one focus unless batch', () => {
  it('flags a claim-request with two focus references', () => {
    const bundle = structuredClone(sample('7a-claim-dental-request.json').json);
    bundle.entry[0].resource.focus.push({ reference: bundle.entry[1].fullUrl });
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00221', expression: 'Bundle.entry[0].resource.focus' }]);
  });
  it('allows the batch sample its two claims', () => {
    expect(findingsOf(sample('16-batch-request.json').json)).toEqual([]);
  });
});
