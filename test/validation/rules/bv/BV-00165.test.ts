import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

describe('BV-00165: event and Claim.use agree', () => {
  it('accepts the official claim sample', () => {
    expect(findingsOf(sample('7a-claim-dental-request.json').json)).toEqual([]);
  });
  it('flags a claim-request whose Claim.use is preauthorization', () => {
    const bundle = structuredClone(sample('7a-claim-dental-request.json').json);
    bundle.entry[1].resource.use = 'preauthorization';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00165', expression: 'Bundle.entry[1].resource.use' }]);
  });
  it('flags a priorauth-request whose Claim.use is claim', () => {
    const bundle = structuredClone(sample('5a-preauth-professional-request.json').json);
    bundle.entry[1].resource.use = 'claim';
    // 5a carries the transfer extension, which a claim may not have (BV-00508): both are reported.
    expect(findingsOf(bundle)).toEqual([
      { code: 'BV-00508', expression: 'Bundle.entry[1].resource.extension[0]' },
      { code: 'BV-00165', expression: 'Bundle.entry[1].resource.use' },
    ]);
  });
});
