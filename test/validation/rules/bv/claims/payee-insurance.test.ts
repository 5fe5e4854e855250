import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { copyOf, mine } from './support.js';

const C = 'Bundle.entry[1].resource';

describe('payee party (BV-00056, BV-00485, BV-00494)', () => {
  it('BV-00056 and BV-00485: payee type "other" without a party', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry[1].resource.payee.type.coding[0].code = 'other';
    expect(mine(findingsOf(bundle))).toEqual([
      { code: 'BV-00056', expression: `${C}.payee.party` },
      { code: 'BV-00485', expression: `${C}.payee.party` },
    ]);
  });

  it('accepts payee type "other" with a party', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry[1].resource.payee.type.coding[0].code = 'other';
    bundle.entry[1].resource.payee.party = { reference: 'http://sgh.com.sa/Organization/b1b3432921324f97af3be9fd0b1a14ae' };
    expect(mine(findingsOf(bundle))).toEqual([]);
  });

  it('BV-00494: a party with payee type "provider"', () => {
    const bundle = copyOf('5a-preauth-professional-request.json');
    bundle.entry[1].resource.payee.party = { reference: 'http://sgh.com.sa/Organization/b1b3432921324f97af3be9fd0b1a14ae' };
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00494', expression: `${C}.payee.party` }]);
  });
});

describe('BV-00400: one focal insurance among several', () => {
  it('flags two insurances that are both focal', () => {
    const bundle = copyOf('7a-claim-dental-request.json');
    const second = { ...structuredClone(bundle.entry[1].resource.insurance[0]), sequence: 2 };
    bundle.entry[1].resource.insurance.push(second);
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00400', expression: `${C}.insurance[1].focal` }]);
  });

  it('flags two insurances of which none is focal', () => {
    const bundle = copyOf('7a-claim-dental-request.json');
    bundle.entry[1].resource.insurance[0].focal = false;
    bundle.entry[1].resource.insurance.push({ ...structuredClone(bundle.entry[1].resource.insurance[0]), sequence: 2 });
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00400', expression: `${C}.insurance` }]);
  });

  it('accepts two insurances with exactly one focal', () => {
    const bundle = copyOf('7a-claim-dental-request.json');
    bundle.entry[1].resource.insurance.push({ ...structuredClone(bundle.entry[1].resource.insurance[0]), sequence: 2, focal: false });
    expect(mine(findingsOf(bundle))).toEqual([]);
  });
});
