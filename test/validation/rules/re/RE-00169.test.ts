import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

describe('RE-00169: MessageHeader.focus equals a fullUrl', () => {
  it('flags a focus that differs from the focal fullUrl (as the NPHIES sandbox reports it)', () => {
    const bundle = structuredClone(sample('12a-poll-request.json').json);
    bundle.entry[0].resource.focus[0].reference = 'Task/2342905';
    expect(findingsOf(bundle)).toEqual([{ code: 'RE-00169', expression: 'Bundle.entry[0].resource.focus[0]' }]);
  });
  it('flags a missing focus with IC-00379', () => {
    const bundle = structuredClone(sample('7a-claim-dental-request.json').json);
    delete bundle.entry[0].resource.focus;
    expect(findingsOf(bundle)).toEqual([{ code: 'IC-00379', expression: 'Bundle.entry[0].resource.focus' }]);
  });
});
