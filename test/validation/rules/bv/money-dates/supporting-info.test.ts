import { describe, expect, it } from 'vitest';
import { addSupportingInfo, copy, findingsOf, UCUM } from './helpers.js';

const at = (sub: string) => `Bundle.entry[1].resource.${sub}`;
const OUTPATIENT = 'preauth-professional-outpatient-request.json';
const SHADOW = '19-shadow-billing.json';
const INSTITUTIONAL = '1-preauth-institutional-request.json';

/** Index of the first supportingInfo of a category in the Claim of entry 1. */
function infoIndex(bundle: any, category: string): number {
  return bundle.entry[1].resource.supportingInfo.findIndex((s: any) => s.category.coding[0].code === category);
}

/** Measurements the official samples carry, each broken by a wrong UCUM code. */
const UNIT_CASES = [
  { id: 'BV-00414', file: INSTITUTIONAL, category: 'vital-sign-weight' },
  { id: 'BV-00415', file: INSTITUTIONAL, category: 'vital-sign-systolic' },
  { id: 'BV-00416', file: INSTITUTIONAL, category: 'vital-sign-diastolic' },
  { id: 'BV-00417', file: INSTITUTIONAL, category: 'vital-sign-height' },
  { id: 'BV-00418', file: SHADOW, category: 'icu-hours' },
  { id: 'BV-00419', file: SHADOW, category: 'ventilation-hours' },
  { id: 'BV-00486', file: OUTPATIENT, category: 'temperature' },
  { id: 'BV-00487', file: OUTPATIENT, category: 'pulse' },
  { id: 'BV-00488', file: OUTPATIENT, category: 'oxygen-saturation' },
  { id: 'BV-00489', file: OUTPATIENT, category: 'respiratory-rate' },
];

describe('supporting-information measurements use their UCUM unit', () => {
  for (const c of UNIT_CASES) {
    it(`${c.id}: ${c.category} in a wrong unit`, () => {
      const bundle = copy(c.file);
      const i = infoIndex(bundle, c.category);
      bundle.entry[1].resource.supportingInfo[i].valueQuantity.code = 'ft';
      expect(findingsOf(bundle)).toEqual([{ code: c.id, expression: at(`supportingInfo[${i}].valueQuantity.code`) }]);
    });
  }
  it('BV-00411: a lab test whose quantity is not UCUM', () => {
    const bundle = copy(INSTITUTIONAL);
    const i = infoIndex(bundle, 'lab-test');
    bundle.entry[1].resource.supportingInfo[i].valueQuantity.system = 'http://example.org/units';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00411', expression: at(`supportingInfo[${i}].valueQuantity.system`) }]);
  });
  it('BV-00413: days-supply without a quantity', () => {
    const bundle = copy('9-claim-pharmacy-request.json');
    const info = bundle.entry[1].resource.supportingInfo[0];
    delete info.valueQuantity;
    const found = findingsOf(bundle).filter((f) => f.code === 'BV-00413');
    expect(found).toEqual([{ code: 'BV-00413', expression: at('supportingInfo[0]') }]);
  });
  it('BV-00418 and BV-00419: ICU and ventilation hours without a quantity', () => {
    const bundle = copy(SHADOW);
    const icu = infoIndex(bundle, 'icu-hours');
    const ventilation = infoIndex(bundle, 'ventilation-hours');
    delete bundle.entry[1].resource.supportingInfo[icu].valueQuantity;
    delete bundle.entry[1].resource.supportingInfo[ventilation].valueQuantity;
    const found = findingsOf(bundle).filter((f) => f.code === 'BV-00418' || f.code === 'BV-00419');
    expect(found).toEqual([
      { code: 'BV-00418', expression: at(`supportingInfo[${icu}]`) },
      { code: 'BV-00419', expression: at(`supportingInfo[${ventilation}]`) },
    ]);
  });
  it('BV-00488: oxygen saturation without a value', () => {
    const bundle = copy(OUTPATIENT);
    const i = infoIndex(bundle, 'oxygen-saturation');
    delete bundle.entry[1].resource.supportingInfo[i].valueQuantity.value;
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00488')).toEqual([{ code: 'BV-00488', expression: at(`supportingInfo[${i}].valueQuantity.value`) }]);
  });
  for (const [id, category, unit] of [
    ['BV-00509', 'birth-weight', 'kg'],
    ['BV-00787', 'admission-weight', 'kg'],
    ['BV-00788', 'estimated-Length-of-Stay', 'd'],
  ] as const) {
    it(`${id}: ${category} must carry a quantity in ${unit}`, () => {
      const bundle = copy(SHADOW);
      const i = addSupportingInfo(bundle.entry[1].resource, category, { valueQuantity: { value: 3, system: UCUM, code: unit } });
      const own = () => findingsOf(bundle).filter((f) => f.code === id);
      expect(own()).toEqual([]);
      bundle.entry[1].resource.supportingInfo[i].valueQuantity.code = 'lb';
      expect(own()).toEqual([{ code: id, expression: at(`supportingInfo[${i}].valueQuantity.code`) }]);
      delete bundle.entry[1].resource.supportingInfo[i].valueQuantity;
      expect(own()).toEqual([{ code: id, expression: at(`supportingInfo[${i}]`) }]);
    });
  }
});

describe('vital signs carry a measurement or a reason', () => {
  const CASES = [
    ['BV-00812', INSTITUTIONAL, 'vital-sign-weight'],
    ['BV-00813', INSTITUTIONAL, 'vital-sign-systolic'],
    ['BV-00814', INSTITUTIONAL, 'vital-sign-diastolic'],
    ['BV-00815', INSTITUTIONAL, 'vital-sign-height'],
    ['BV-00816', OUTPATIENT, 'temperature'],
    ['BV-00817', OUTPATIENT, 'pulse'],
    ['BV-00818', OUTPATIENT, 'oxygen-saturation'],
    ['BV-00819', OUTPATIENT, 'respiratory-rate'],
  ] as const;
  for (const [id, file, category] of CASES) {
    it(`${id}: ${category} with neither`, () => {
      const bundle = copy(file);
      const i = infoIndex(bundle, category);
      delete bundle.entry[1].resource.supportingInfo[i].valueQuantity;
      expect(findingsOf(bundle).filter((f) => f.code === id)).toEqual([{ code: id, expression: at(`supportingInfo[${i}]`) }]);
      bundle.entry[1].resource.supportingInfo[i].reason = { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/reason', code: 'not-measured' }] };
      expect(findingsOf(bundle).filter((f) => f.code === id)).toEqual([]);
    });
  }
});

describe('supporting information that is about a date', () => {
  it('BV-00406: an extracted missing tooth without its date', () => {
    const bundle = copy('7a-claim-dental-request.json');
    delete bundle.entry[1].resource.supportingInfo[0].timingDate;
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00406')).toEqual([{ code: 'BV-00406', expression: at('supportingInfo[0]') }]);
  });
  it('BV-00409: employment impacted without its period', () => {
    const bundle = copy('8-claim-institutional-request.json');
    const i = addSupportingInfo(bundle.entry[1].resource, 'employmentImpacted', { timingPeriod: { start: '2021-08-30', end: '2021-09-02' } });
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00409')).toEqual([]);
    delete bundle.entry[1].resource.supportingInfo[i].timingPeriod;
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00409')).toEqual([{ code: 'BV-00409', expression: at(`supportingInfo[${i}]`) }]);
  });
  it('BV-00490: last menstrual period without its date', () => {
    const bundle = copy('8-claim-institutional-request.json');
    const i = addSupportingInfo(bundle.entry[1].resource, 'last-menstrual-period', { timingDate: '2021-08-01' });
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00490')).toEqual([]);
    delete bundle.entry[1].resource.supportingInfo[i].timingDate;
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00490')).toEqual([{ code: 'BV-00490', expression: at(`supportingInfo[${i}]`) }]);
  });
});

describe('HbA1c lab tests (BV-00926, BV-00927)', () => {
  const hba1c = (bundle: any) => {
    const i = infoIndex(bundle, 'lab-test');
    const info = bundle.entry[1].resource.supportingInfo[i];
    info.code.coding[0].code = '4548-4';
    info.valueQuantity = { value: 6.5, system: UCUM, code: '%' };
    return { i, info };
  };
  it('a value of 6.5 % passes', () => {
    const bundle = copy(INSTITUTIONAL);
    hba1c(bundle);
    expect(findingsOf(bundle)).toEqual([]);
  });
  it('BV-00926: a value above 15', () => {
    const bundle = copy(INSTITUTIONAL);
    const { i, info } = hba1c(bundle);
    info.valueQuantity.value = 16;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00926', expression: at(`supportingInfo[${i}].valueQuantity.value`) }]);
  });
  it('BV-00927: a unit other than %', () => {
    const bundle = copy(INSTITUTIONAL);
    const { i, info } = hba1c(bundle);
    info.valueQuantity.code = 'mmol/mol';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00927', expression: at(`supportingInfo[${i}].valueQuantity.code`) }]);
  });
});
