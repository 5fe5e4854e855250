import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { copyOf, mine } from './support.js';

const E = 'Bundle.entry[1].resource';

describe('eligibility request structure (BV-00538, BV-00541, BV-00871, BV-00901)', () => {
  it('accepts the official eligibility requests', () => {
    for (const file of ['14a-eligibilty-request-ben-val.json', '15a-eligibilty-request-discovery.json', 'eligibility-request-d4629f67-8212-4082-b2f6-f77d6674d74f.json']) {
      expect(mine(findingsOf(copyOf(file)))).toEqual([]);
    }
  });

  it('BV-00538: CoverageEligibilityRequest.status "cancelled"', () => {
    const bundle = copyOf('14a-eligibilty-request-ben-val.json');
    bundle.entry[1].resource.status = 'cancelled';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00538', expression: `${E}.status` }]);
  });

  it('BV-00541: provider refers to the insurer Organization', () => {
    const bundle = copyOf('15a-eligibilty-request-discovery.json');
    bundle.entry[1].resource.provider = { reference: 'http://sgh.com.sa/Organization/bff3aa1fbd3648619ac082357bf135db' };
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00541', expression: `${E}.provider` }]);
  });

  it('BV-00871: the facility type uses the clinic-specialty system in a request without referral', () => {
    const bundle = copyOf('14a-eligibilty-request-ben-val.json');
    bundle.entry[6].resource.type[0].coding[0] = { system: 'http://nphies.sa/terminology/CodeSystem/clinic-specialty', code: '08.00' };
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00871', expression: 'Bundle.entry[6].resource.type[0].coding[0].system' }]);
  });

  it('BV-00901: the facility Location is "suspended"', () => {
    const bundle = copyOf('15a-eligibilty-request-discovery.json');
    bundle.entry[5].resource.status = 'suspended';
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00901', expression: 'Bundle.entry[5].resource.status' }]);
  });
});

describe('BV-00147: ClaimResponse.identifier has a value', () => {
  it('accepts the official claim and prior-auth responses', () => {
    for (const file of ['7b-claim-response.json', '5b-preauth-professional-response.json', '2b-first-response-for-first-preauth-dental-request.json']) {
      expect(mine(findingsOf(copyOf(file)))).toEqual([]);
    }
  });

  it('flags an identifier without value', () => {
    const bundle = copyOf('7b-claim-response.json');
    delete bundle.entry[1].resource.identifier[0].value;
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00147', expression: `${E}.identifier[0].value` }]);
  });
});
