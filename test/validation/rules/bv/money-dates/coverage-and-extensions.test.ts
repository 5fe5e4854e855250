import { describe, expect, it } from 'vitest';
import { BV_00729 } from '../../../../../src/validation/rules/bv/money-dates/BV-00729.js';
import { check } from './check.js';
import { copy, extIndex, findingsOf, NOW } from './helpers.js';

const PRO = '10-claim-professional-request.json';
const at = (sub: string, entry = 1) => `Bundle.entry[${entry}].resource.${sub}`;

describe('Coverage lengths and status', () => {
  it('BV-00321: dependent longer than 10 characters', () => {
    const bundle = copy(PRO);
    bundle.entry[5].resource.dependent = '12345678901';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00321', expression: at('dependent', 5) }]);
  });
  it('BV-00322: class value longer than 30 characters', () => {
    const bundle = copy(PRO);
    bundle.entry[5].resource.class[0].value = 'C'.repeat(31);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00322', expression: at('class[0].value', 5) }]);
  });
  it('BV-00323: class name longer than 100 characters', () => {
    const bundle = copy(PRO);
    bundle.entry[5].resource.class[0].name = 'N'.repeat(101);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00323', expression: at('class[0].name', 5) }]);
  });
  it('BV-00324: network longer than 30 characters', () => {
    const bundle = copy(PRO);
    bundle.entry[5].resource.network = 'G'.repeat(31);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00324', expression: at('network', 5) }]);
  });
  it('BV-00340: a Coverage that is not active', () => {
    const bundle = copy(PRO);
    bundle.entry[5].resource.status = 'cancelled';
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00340')).toEqual([{ code: 'BV-00340', expression: at('status', 5) }]);
  });
  it('BV-00729 (not enforced): exactly one plan class; the 2021 samples often have none', () => {
    expect(check(BV_00729, copy('7a-claim-dental-request.json'), NOW)).toEqual([]);
    expect(check(BV_00729, copy(PRO), NOW)).toEqual([{ code: 'BV-00729', expression: at('class', 5) }]);
  });
});

describe('offline eligibility and authorization', () => {
  it('BV-00349: an offline eligibility reference without its date', () => {
    const bundle = copy('8-claim-institutional-request.json');
    const claim = bundle.entry[1].resource;
    claim.extension.splice(extIndex(claim, 'eligibility-offline-date'), 1);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00349', expression: at(`extension[${extIndex(claim, 'eligibility-offline-reference')}]`) }]);
  });
  it('BV-00420: an offline authorization date without preAuthRef', () => {
    const bundle = copy(PRO);
    delete bundle.entry[1].resource.insurance[0].preAuthRef;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00420', expression: at('insurance[0].preAuthRef') }]);
  });
  it('BV-00462: a preAuthRef without offline date or prior-authorization response', () => {
    const bundle = copy('7a-claim-dental-request.json');
    const claim = bundle.entry[1].resource;
    claim.extension.splice(extIndex(claim, 'priorauth-response'), 1);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00462', expression: at('insurance[0].preAuthRef') }]);
  });
});

describe('text lengths', () => {
  it('BV-00280: a Quantity unit longer than 40 characters', () => {
    const bundle = copy('1-preauth-institutional-request.json');
    bundle.entry[1].resource.supportingInfo[2].valueQuantity.unit = 'c'.repeat(41);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00280', expression: at('supportingInfo[2].valueQuantity.unit') }]);
  });
  it('BV-00307 and BV-00308: dosage texts over 4000 characters, or 2000 in Arabic', () => {
    const bundle = copy('4-preauth-pharmacy-request.json');
    const claim = bundle.entry[1].resource;
    bundle.entry.push({
      fullUrl: 'http://saudicentralpharmacy.sa.com/MedicationRequest/1',
      resource: {
        resourceType: 'MedicationRequest', id: '1', status: 'active', intent: 'order', subject: structuredClone(claim.patient), authoredOn: '2021-08-29',
        medicationCodeableConcept: { text: 'x' }, dosageInstruction: [{ text: 'one tablet', patientInstruction: 'قرص واحد' }],
      },
    });
    const before = findingsOf(bundle);
    const dosage = bundle.entry[6].resource.dosageInstruction[0];
    dosage.text = 'a'.repeat(4000);
    dosage.patientInstruction = 'ب'.repeat(2000);
    expect(findingsOf(bundle)).toEqual(before);
    dosage.text = 'a'.repeat(4001);
    dosage.patientInstruction = 'ب'.repeat(2001);
    expect(findingsOf(bundle)).toEqual([
      ...before,
      { code: 'BV-00307', expression: at('dosageInstruction[0].text', 6) },
      { code: 'BV-00308', expression: at('dosageInstruction[0].patientInstruction', 6) },
    ]);
  });
});

