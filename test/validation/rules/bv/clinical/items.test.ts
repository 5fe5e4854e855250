import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { CS, checkRule, claimOf, concept, copyOf, supportingInfo } from './support.js';

const C = 'Bundle.entry[1].resource';
const byCode = (findings: { code: string; expression: string | undefined }[]) => [...findings].sort((a, b) => a.code.localeCompare(b.code));
/** A lab test as BV-00411, BV-00926 and BV-00927 want it (an HbA1c-style percentage between 3 and 15). */
const labTest = (sequence: number, loinc: string) =>
  supportingInfo(sequence, 'lab-test', { code: concept('http://loinc.org', loinc), valueQuantity: { value: 6.5, system: 'http://unitsofmeasure.org', code: '%' } });

describe('medication items', () => {
  it('BV-00723: a medication item without diagnosisSequence (4-preauth-pharmacy-request)', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    delete claimOf(bundle).item[0].diagnosisSequence;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00723', expression: `${C}.item[0].diagnosisSequence` }]);
  });

  it('BV-00376 (not enforced: 9-claim-pharmacy-request does not link its days-supply): two days-supply links on one item', () => {
    const broken = copyOf('9-claim-pharmacy-request.json');
    expect(checkRule('BV-00376', broken)).toEqual([{ code: 'BV-00376', expression: `${C}.item[0].informationSequence` }]);
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    expect(checkRule('BV-00376', bundle)).toEqual([]);
    claimOf(bundle).item[0].informationSequence = [1, 2];
    expect(checkRule('BV-00376', bundle)).toEqual([{ code: 'BV-00376', expression: `${C}.item[0].informationSequence` }]);
  });

  it('BV-00708 and BV-00710 (not enforced: samples 4, 9 and 19 carry medication codes without pharmacistSelectionReason)', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    expect(checkRule('BV-00708', bundle)).toEqual([
      { code: 'BV-00708', expression: `${C}.item[0].extension` },
      { code: 'BV-00708', expression: `${C}.item[1].extension` },
    ]);
    for (const item of claimOf(bundle).item) {
      item.extension.push({ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-pharmacist-Selection-Reason', valueCodeableConcept: concept(`${CS}pharmacist-selection-reason`, 'patient-request') });
    }
    expect(checkRule('BV-00708', bundle)).toEqual([]);
    expect(checkRule('BV-00710', copyOf('19-shadow-billing.json'))).toEqual([{ code: 'BV-00710', expression: `${C}.item[0].detail[4].extension` }]);
  });
});

describe('item links and sites', () => {
  it('BV-00501: an item points to supporting information in a claim that has none (10-claim-professional-request)', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    claimOf(bundle).item[0].informationSequence = [1];
    expect(byCode(findingsOf(bundle))).toEqual([
      { code: 'BV-00443', expression: `${C}.item[0].informationSequence[0]` },
      { code: 'BV-00501', expression: `${C}.item[0].informationSequence` },
    ]);
  });

  it('BV-00484: a subSite without bodySite (2a-first-preauth-dental-request-with-multiple-items)', () => {
    const bundle = copyOf('2a-first-preauth-dental-request-with-multiple-items.json');
    const item = claimOf(bundle).item[1];
    item.subSite = [concept(`${CS}fdi-tooth-surface`, 'M')];
    expect(findingsOf(bundle)).toEqual([]);
    delete item.bodySite;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00484', expression: `${C}.item[1].subSite` }]);
  });
});

describe('lab tests for items 73050-18-50 / 73050-18-60', () => {
  it('BV-00925: the item has no linked lab test with a listed LOINC code (8-claim-institutional-request)', () => {
    const bundle = copyOf('8-claim-institutional-request.json');
    const claim = claimOf(bundle);
    claim.item[0].productOrService.coding[0].code = '73050-18-50';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00925', expression: `${C}.item[0].productOrService.coding[0].code` }]);
    claim.supportingInfo.push(labTest(6, '11421-5'));
    claim.item[0].informationSequence.push(6);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00925', expression: `${C}.item[0].productOrService.coding[0].code` }]);
    claim.supportingInfo[5].code.coding[0].code = '17855-8';
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00933: the item links two lab tests', () => {
    const bundle = copyOf('8-claim-institutional-request.json');
    const claim = claimOf(bundle);
    claim.item[0].productOrService.coding[0].code = '73050-18-60';
    claim.supportingInfo.push(labTest(6, '17855-8'), labTest(7, '11421-5'));
    claim.item[0].informationSequence.push(6, 7);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00933', expression: `${C}.item[0].informationSequence` }]);
  });

  it('BV-00934: two items share one lab test (19-shadow-billing)', () => {
    const bundle = copyOf('19-shadow-billing.json');
    const claim = claimOf(bundle);
    claim.supportingInfo.push(labTest(10, '17855-8'));
    claim.item[0].productOrService.coding[0].code = '73050-18-50';
    claim.item[1].productOrService.coding[0].code = '73050-18-50';
    claim.item[0].informationSequence.push(10);
    claim.item[1].informationSequence.push(10);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00934', expression: `${C}.item[1].informationSequence[1]` }]);
  });

  it('BV-00928: an item detail 73050-18-50 in a claim without a listed lab test (19-shadow-billing)', () => {
    const bundle = copyOf('19-shadow-billing.json');
    claimOf(bundle).item[0].detail[0].productOrService.coding[0].code = '73050-18-50';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00928', expression: `${C}.item[0].detail[0].productOrService.coding[0].code` }]);
    claimOf(bundle).supportingInfo.push(labTest(10, '4548-4'));
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00929: an item subDetail 73050-18-60 in a claim without a listed lab test (19-shadow-billing)', () => {
    const bundle = copyOf('19-shadow-billing.json');
    const detail = claimOf(bundle).item[0].detail[0];
    detail.subDetail = [{ sequence: 1, productOrService: concept(`${CS}procedures`, '73050-18-60'), quantity: { value: 1 } }];
    expect(checkRule('BV-00929', bundle)).toEqual([{ code: 'BV-00929', expression: `${C}.item[0].detail[0].subDetail[0].productOrService.coding[0].code` }]);
    expect(findingsOf(bundle).filter((f) => f.code === 'BV-00929')).toEqual([{ code: 'BV-00929', expression: `${C}.item[0].detail[0].subDetail[0].productOrService.coding[0].code` }]);
  });
});
