import { describe, expect, it } from 'vitest';
import { sample } from '../../../support/samples.js';
import { findingsOf } from '../../../support/validator.js';

/** BV-00364..368: the subType each Claim.type allows, each broken on its own official sample. */
const CASES = [
  { id: 'BV-00364', file: '8-claim-institutional-request.json', wrong: 'op' },
  { id: 'BV-00365', file: '10-claim-professional-request.json', wrong: 'ip' },
  { id: 'BV-00366', file: '7a-claim-dental-request.json', wrong: 'ip' },
  { id: 'BV-00367', file: '11-claim-vision-request.json', wrong: 'emr' },
  { id: 'BV-00368', file: '4-preauth-pharmacy-request.json', wrong: 'ip' },
];

describe('BV-00364..368: Claim.subType fits Claim.type', () => {
  for (const c of CASES) {
    it(`${c.id}: ${c.file} with subType ${c.wrong}`, () => {
      const bundle = structuredClone(sample(c.file).json);
      const index = bundle.entry.findIndex((e: any) => e.resource.resourceType === 'Claim');
      expect(findingsOf(bundle)).toEqual([]);
      bundle.entry[index].resource.subType.coding[0].code = c.wrong;
      expect(findingsOf(bundle)).toEqual([{ code: c.id, expression: `Bundle.entry[${index}].resource.subType.coding[0].code` }]);
    });
  }
  it('an oral prior authorization without subType (sample 2a) is left to the profile layer', () => {
    expect(findingsOf(sample('2a-first-preauth-dental-request-with-multiple-items.json').json)).toEqual([]);
  });
});
