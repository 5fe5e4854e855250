import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { copyOf, mine } from './support.js';

const C = 'Bundle.entry[1].resource';

describe('sequence uniqueness and links (BV-00002, BV-00042, BV-00043, BV-00044, BV-00442, BV-00502, BV-00272)', () => {
  it('accepts the official samples with careTeam, details and informationSequence', () => {
    for (const file of ['1-preauth-institutional-request.json', '19-shadow-billing.json', '2a-first-preauth-dental-request-with-multiple-items.json']) {
      expect(mine(findingsOf(copyOf(file)))).toEqual([]);
    }
  });

  it('BV-00002: two careTeam members with sequence 1', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    bundle.entry[1].resource.careTeam.push(structuredClone(bundle.entry[1].resource.careTeam[0]));
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00002', expression: `${C}.careTeam[1].sequence` }]);
  });

  it('BV-00044: items 1, 2, 2 in a dental prior authorization', () => {
    const bundle = copyOf('2a-first-preauth-dental-request-with-multiple-items.json');
    bundle.entry[1].resource.item[2].sequence = 2;
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00044', expression: `${C}.item[2].sequence` }]);
  });

  it('BV-00042: two details with sequence 3 in one item', () => {
    const bundle = copyOf('19-shadow-billing.json');
    bundle.entry[1].resource.item[0].detail[3].sequence = 3;
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00042', expression: `${C}.item[0].detail[3].sequence` }]);
  });

  it('BV-00042: the same detail sequence in two different items is fine', () => {
    const bundle = copyOf('19-shadow-billing.json');
    bundle.entry[1].resource.item[1].detail = [structuredClone(bundle.entry[1].resource.item[0].detail[0])];
    expect(mine(findingsOf(bundle))).toEqual([]);
  });

  it('BV-00043: two subDetails with sequence 1 in one detail', () => {
    const bundle = copyOf('19-shadow-billing.json');
    const detail = bundle.entry[1].resource.item[0].detail[0];
    const { sequence, productOrService, quantity, unitPrice, factor, net } = detail;
    const sub = { sequence, productOrService, quantity, unitPrice, factor, net };
    detail.subDetail = [sub, structuredClone(sub)];
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00043', expression: `${C}.item[0].detail[0].subDetail[1].sequence` }]);
  });

  it('BV-00442: an item points at careTeam sequence 2, which does not exist', () => {
    const bundle = copyOf('7a-claim-dental-request.json');
    bundle.entry[1].resource.item[0].careTeamSequence = [2];
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00442', expression: `${C}.item[0].careTeamSequence[0]` }]);
  });

  it('BV-00502: an item lists informationSequence 3 twice', () => {
    const bundle = copyOf('8-claim-institutional-request.json');
    bundle.entry[1].resource.item[0].informationSequence = [1, 2, 3, 3];
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00502', expression: `${C}.item[0].informationSequence[3]` }]);
  });

  it('BV-00272: a sequence of 12 digits', () => {
    const bundle = copyOf('2a-first-preauth-dental-request-with-multiple-items.json');
    bundle.entry[1].resource.item[2].sequence = 123456789012;
    expect(mine(findingsOf(bundle))).toEqual([{ code: 'BV-00272', expression: `${C}.item[2].sequence` }]);
  });
});
