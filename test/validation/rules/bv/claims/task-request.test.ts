import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { copyOf, mine } from './support.js';

describe('what a Task or a response points at (BV-00131, BV-00134, BV-00203, BV-00204)', () => {
  it('accepts the official cancel and status-check requests', () => {
    expect(mine(findingsOf(copyOf('17a-cancel-request.json')))).toEqual([]);
    expect(mine(findingsOf(copyOf('9b-statuscheck-request.json')))).toEqual([]);
  });

  it('BV-00131: a cancel request for a Coverage', () => {
    const bundle = copyOf('17a-cancel-request.json');
    bundle.entry[1].resource.focus.type = 'Coverage';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00131', expression: 'Bundle.entry[1].resource.focus.type' }]);
  });

  it('BV-00131: a cancel request for an advanced authorization (ClaimResponse) is fine', () => {
    const bundle = copyOf('17a-cancel-request.json');
    bundle.entry[1].resource.focus.type = 'ClaimResponse';
    expect(mine(findingsOf(bundle))).toEqual([]);
  });

  it('BV-00134: a status check for a ClaimResponse', () => {
    const bundle = copyOf('9b-statuscheck-request.json');
    bundle.entry[1].resource.focus.type = 'ClaimResponse';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00134', expression: 'Bundle.entry[1].resource.focus.type' }]);
  });

  it('BV-00204 and BV-00203: a claim response naming its request by literal reference', () => {
    const bundle = copyOf('7b-claim-response.json');
    bundle.entry[1].resource.request = { reference: 'http://saudidentalclinic.com.sa/Claim/296361' };
    expect(mine(findingsOf(bundle))).toEqual([
      { code: 'BV-00203', expression: 'Bundle.entry[1].resource.request.identifier' },
      { code: 'BV-00204', expression: 'Bundle.entry[1].resource.request.reference' },
    ]);
  });

  it('BV-00203: an eligibility response whose request identifier has no value', () => {
    const bundle = copyOf('14b-eligibility-response-ben-val.json');
    delete bundle.entry[1].resource.request.identifier.value;
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00203', expression: 'Bundle.entry[1].resource.request.identifier' }]);
  });
});

describe('identifiers of other resources carry a value (BV-00133, BV-00153, BV-00159)', () => {
  const cases: [string, string][] = [['BV-00133', 'CareTeam'], ['BV-00153', 'Device'], ['BV-00159', 'Group']];
  for (const [id, type] of cases) {
    it(`${id}: a ${type} whose identifier has no value`, () => {
      const bundle = copyOf('10-claim-professional-request.json');
      bundle.entry.push({ fullUrl: `http://sgh.com.sa/${type}/1`, resource: { resourceType: type, id: '1', identifier: [{ system: 'http://sgh.com.sa/id' }] } });
      expect(mine(findingsOf(bundle))).toEqual([{ code: id, expression: `Bundle.entry[${bundle.entry.length - 1}].resource.identifier[0].value` }]);
    });
  }
});
