import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { CS, checkRule, claimOf, concept, copyOf, infoIndex, supportingInfo } from './support.js';

const C = 'Bundle.entry[1].resource';
const OUTPATIENT = 'preauth-professional-outpatient-request.json';
const INSTITUTIONAL = '8-claim-institutional-request.json';

describe('what each supporting-info category carries', () => {
  it('BV-00402: "info" without valueString (8-claim-institutional-request)', () => {
    const bundle = copyOf(INSTITUTIONAL);
    claimOf(bundle).supportingInfo.push(supportingInfo(6, 'info'));
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00402', expression: `${C}.supportingInfo[5].valueString` }]);
  });

  it('BV-00404: "attachment" without valueAttachment (2c-second-preauth-dental-request)', () => {
    const bundle = copyOf('2c-second-preauth-dental-request.json');
    delete claimOf(bundle).supportingInfo[0].valueAttachment;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00404', expression: `${C}.supportingInfo[0].valueAttachment` }]);
  });

  for (const [id, category] of [
    ['BV-00782', 'treatment-plan'], ['BV-00783', 'patient-history'], ['BV-00784', 'physical-examination'], ['BV-00785', 'history-of-present-illness'],
  ] as const) {
    it(`${id}: "${category}" without valueString (${OUTPATIENT})`, () => {
      const bundle = copyOf(OUTPATIENT);
      const j = infoIndex(bundle, category);
      delete claimOf(bundle).supportingInfo[j].valueString;
      expect(findingsOf(bundle)).toEqual([{ code: id, expression: `${C}.supportingInfo[${j}].valueString` }]);
    });
  }

  it('BV-00405 and BV-00407: "missingtooth" with a tooth from another system, then without reason (7a-claim-dental-request)', () => {
    const bundle = copyOf('7a-claim-dental-request.json');
    claimOf(bundle).supportingInfo[0].code.coding[0].system = `${CS}fdi-tooth-surface`;
    // The tooth number is no code of the surface system either: the binding check says so too (IB-00045).
    expect(findingsOf(bundle)).toEqual([
      { code: 'IB-00045', expression: `${C}.supportingInfo[0].code.coding[0]` },
      { code: 'BV-00405', expression: `${C}.supportingInfo[0].code` },
    ]);
    const noReason = copyOf('7a-claim-dental-request.json');
    delete claimOf(noReason).supportingInfo[0].reason;
    expect(findingsOf(noReason)).toEqual([{ code: 'BV-00407', expression: `${C}.supportingInfo[0].reason` }]);
  });

  it('BV-00410: "lab-test" coded outside LOINC (1-preauth-institutional-request)', () => {
    const bundle = copyOf('1-preauth-institutional-request.json');
    const j = infoIndex(bundle, 'lab-test');
    claimOf(bundle).supportingInfo[j].code.coding[0].system = 'http://snomed.info/sct';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00410', expression: `${C}.supportingInfo[${j}].code` }]);
  });

  it('BV-00412: "reason-for-visit" coded outside visit-reason (5a-preauth-professional-request)', () => {
    const bundle = copyOf('5a-preauth-professional-request.json');
    claimOf(bundle).supportingInfo[0].code.coding[0].system = `${CS}visit-type`;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00412', expression: `${C}.supportingInfo[0].code` }]);
  });

  it('BV-00428: "onset" without timingDate, and with a code outside ICD-10-AM (1-preauth-institutional-request)', () => {
    const bundle = copyOf('1-preauth-institutional-request.json');
    const j = infoIndex(bundle, 'onset');
    const onset = claimOf(bundle).supportingInfo[j];
    delete onset.timingDate;
    onset.code.coding[0].system = 'http://snomed.info/sct';
    expect(findingsOf(bundle)).toEqual([
      { code: 'BV-00428', expression: `${C}.supportingInfo[${j}].code` },
      { code: 'BV-00428', expression: `${C}.supportingInfo[${j}].timingDate` },
    ]);
  });

  it('BV-00429: "chief-complaint" coded only outside ICD-10-AM; text alone is fine (8-claim-institutional-request)', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const j = infoIndex(bundle, 'chief-complaint');
    claimOf(bundle).supportingInfo[j].code.coding[0].system = 'http://snomed.info/sct';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00429', expression: `${C}.supportingInfo[${j}].code.coding` }]);
    claimOf(bundle).supportingInfo[j].code = { text: 'chest pain' };
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00531: "chief-complaint" without code (8-claim-institutional-request)', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const j = infoIndex(bundle, 'chief-complaint');
    delete claimOf(bundle).supportingInfo[j].code;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00531', expression: `${C}.supportingInfo[${j}].code` }]);
  });

  it('BV-00530: a vital sign with a code that has no coding (8-claim-institutional-request)', () => {
    const bundle = copyOf(INSTITUTIONAL);
    claimOf(bundle).supportingInfo[0].code = { text: 'systolic' };
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00530', expression: `${C}.supportingInfo[0].code.coding` }]);
  });

  it('BV-00781: "morphology" coded outside morphology-code (8-claim-institutional-request)', () => {
    const bundle = copyOf(INSTITUTIONAL);
    claimOf(bundle).supportingInfo.push(supportingInfo(6, 'morphology', { code: concept('http://hl7.org/fhir/sid/icd-10-am', 'M8000/3') }));
    expect(findingsOf(bundle)).toEqual([
      { code: 'IB-00045', expression: `${C}.supportingInfo[5].code.coding[0]` },
      { code: 'BV-00781', expression: `${C}.supportingInfo[5].code` },
    ]);
  });

  it('BV-00786: "investigation-result" coded outside investigation-result (preauth-professional-outpatient-request)', () => {
    const bundle = copyOf(OUTPATIENT);
    const j = infoIndex(bundle, 'investigation-result');
    claimOf(bundle).supportingInfo[j].code.coding[0].system = 'http://loinc.org';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00786', expression: `${C}.supportingInfo[${j}].code` }]);
  });

  it('BV-00753: investigation result "other" without text; with text it passes', () => {
    const bundle = copyOf(OUTPATIENT);
    const j = infoIndex(bundle, 'investigation-result');
    const info = claimOf(bundle).supportingInfo[j];
    info.code = concept(`${CS}investigation-result`, 'other');
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00753', expression: `${C}.supportingInfo[${j}].code.text` }]);
    info.code.text = 'echocardiography';
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00846: investigation result "IRA" without attachment', () => {
    const bundle = copyOf(OUTPATIENT);
    const j = infoIndex(bundle, 'investigation-result');
    delete claimOf(bundle).supportingInfo[j].valueAttachment;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00846', expression: `${C}.supportingInfo[${j}].valueAttachment` }]);
  });

  it('BV-00316: valueString longer than 250 English or 125 Arabic characters', () => {
    const bundle = copyOf(OUTPATIENT);
    const j = infoIndex(bundle, 'treatment-plan');
    const info = claimOf(bundle).supportingInfo[j];
    info.valueString = 'a'.repeat(250);
    expect(findingsOf(bundle)).toEqual([]);
    info.valueString = 'a'.repeat(251);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00316', expression: `${C}.supportingInfo[${j}].valueString` }]);
    info.valueString = 'خطة'.repeat(41) + 'خط';
    expect(findingsOf(bundle)).toEqual([]);
    info.valueString = 'خطة'.repeat(42);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00316', expression: `${C}.supportingInfo[${j}].valueString` }]);
  });

  it('BV-00453: a repeated supportingInfo sequence (8-claim-institutional-request)', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const claim = claimOf(bundle);
    claim.supportingInfo[1].sequence = 1;
    claim.item[0].informationSequence = [1, 3, 4, 5];
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00453', expression: `${C}.supportingInfo[1].sequence` }]);
  });

  it('BV-00443: an item points to supporting information that does not exist', () => {
    const bundle = copyOf(INSTITUTIONAL);
    claimOf(bundle).item[0].informationSequence.push(9);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00443', expression: `${C}.item[0].informationSequence[5]` }]);
  });
});

describe('absence reasons of vital signs (BV-00820..827)', () => {
  const CASES = [
    ['BV-00820', 'vital-sign-weight', 'weight-absence-reason', '999.9'],
    ['BV-00821', 'vital-sign-systolic', 'blood-pressure-absence-reason', '888'],
    ['BV-00822', 'vital-sign-diastolic', 'blood-pressure-absence-reason', '999'],
    ['BV-00823', 'vital-sign-height', 'height-absence-reason', '999.9'],
    ['BV-00824', 'temperature', 'temperature-absence-reason', '88'],
    ['BV-00825', 'pulse', 'pulse-absence-reason', '997'],
    ['BV-00826', 'oxygen-saturation', 'oxygen-saturation-absence-reason', '888'],
    ['BV-00827', 'respiratory-rate', 'respiratory-rate-absence-reason', '00'],
  ] as const;
  for (const [id, category, system, code] of CASES) {
    it(`${id}: "${category}" with a reason outside ${system} (${OUTPATIENT})`, () => {
      const bundle = copyOf(OUTPATIENT);
      const j = infoIndex(bundle, category);
      const info = claimOf(bundle).supportingInfo[j];
      delete info.valueQuantity;
      info.reason = concept(`${CS}${system}`, code);
      expect(findingsOf(bundle)).toEqual([]);
      info.reason = concept(`${CS}missing-tooth-reason`, 'e');
      expect(findingsOf(bundle)).toEqual([{ code: id, expression: `${C}.supportingInfo[${j}].reason` }]);
    });
  }
});

describe('supporting information a claim must carry', () => {
  it('BV-00731: the NPHIES sandbox defect, rebuilt on 8-claim-institutional-request (ventilation item without "ventilation-hours")', async () => {
    const { readFileSync } = await import('node:fs');
    const sandbox = JSON.parse(readFileSync(new URL('../../../../__fixtures__/nphies-sandbox/response.json', import.meta.url), 'utf8'));
    const reported = sandbox.entry[1].resource.error[0].code.coding[0];
    expect(reported.code).toBe('BV-00731');
    const bundle = copyOf(INSTITUTIONAL);
    claimOf(bundle).item[0].productOrService.coding[0].code = '13882-00-00';
    const findings = findingsOf(bundle);
    expect(findings).toEqual([{ code: 'BV-00731', expression: `${C}.supportingInfo` }]);
    // NPHIES writes the path with a lower-case "bundle".
    expect(findings[0]!.expression!.toLowerCase()).toBe(reported.extension[0].valueString.toLowerCase());
    claimOf(bundle).supportingInfo.push(supportingInfo(6, 'ventilation-hours', { valueQuantity: { value: 12, system: 'http://unitsofmeasure.org', code: 'h' } }));
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00731: a ventilation item in an item detail (19-shadow-billing without its "ventilation-hours")', () => {
    const bundle = copyOf('19-shadow-billing.json');
    const claim = claimOf(bundle);
    const j = infoIndex(bundle, 'ventilation-hours');
    const sequence = claim.supportingInfo[j].sequence;
    claim.supportingInfo.splice(j, 1);
    claim.item[0].informationSequence = claim.item[0].informationSequence.filter((s: number) => s !== sequence);
    claim.item[0].detail[0].productOrService.coding[0].code = '92211-00-00';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00731', expression: `${C}.supportingInfo` }]);
  });

  for (const [id, category] of [['BV-00763', 'vital-sign-diastolic'], ['BV-00764', 'vital-sign-systolic'], ['BV-00767', 'vital-sign-height'], ['BV-00769', 'vital-sign-weight']] as const) {
    it(`${id}: an institutional claim without "${category}" (8-claim-institutional-request)`, () => {
      const bundle = copyOf(INSTITUTIONAL);
      const claim = claimOf(bundle);
      const j = infoIndex(bundle, category);
      const sequence = claim.supportingInfo[j].sequence;
      claim.supportingInfo.splice(j, 1);
      claim.item[0].informationSequence = claim.item[0].informationSequence.filter((s: number) => s !== sequence);
      expect(findingsOf(bundle)).toEqual([{ code: id, expression: `${C}.supportingInfo` }]);
    });
  }

  /**
   * Rules of 2023 that official 2021 samples break: implemented and tested, not enforced
   * (schemas/rules/enforced/clinical.json), so the pipeline does not report them on the samples.
   */
  const NOT_ENFORCED = [
    { id: 'BV-00765', file: INSTITUTIONAL, category: 'pulse' },
    { id: 'BV-00766', file: INSTITUTIONAL, category: 'temperature' },
    { id: 'BV-00768', file: INSTITUTIONAL, category: 'respiratory-rate' },
    { id: 'BV-00770', file: '1-preauth-institutional-request.json', category: 'chief-complaint' },
    { id: 'BV-00771', file: INSTITUTIONAL, category: 'oxygen-saturation' },
    { id: 'BV-00772', file: '10-claim-professional-request.json', category: 'vital-sign-diastolic' },
    { id: 'BV-00773', file: '10-claim-professional-request.json', category: 'vital-sign-systolic' },
    { id: 'BV-00774', file: '10-claim-professional-request.json', category: 'pulse' },
    { id: 'BV-00775', file: '10-claim-professional-request.json', category: 'temperature' },
    { id: 'BV-00776', file: '10-claim-professional-request.json', category: 'vital-sign-height' },
    { id: 'BV-00777', file: '10-claim-professional-request.json', category: 'respiratory-rate' },
    { id: 'BV-00778', file: '10-claim-professional-request.json', category: 'vital-sign-weight' },
    { id: 'BV-00779', file: '10-claim-professional-request.json', category: 'chief-complaint' },
    { id: 'BV-00780', file: '10-claim-professional-request.json', category: 'oxygen-saturation' },
    { id: 'BV-00751', file: '7a-claim-dental-request.json', category: 'chief-complaint' },
    { id: 'BV-00752', file: '10-claim-professional-request.json', category: 'investigation-result' },
    { id: 'BV-00802', file: '1-preauth-institutional-request.json', category: 'estimated-Length-of-Stay' },
    { id: 'BV-00803', file: '10-claim-professional-request.json', category: 'treatment-plan' },
    { id: 'BV-00804', file: '10-claim-professional-request.json', category: 'patient-history' },
    { id: 'BV-00805', file: '10-claim-professional-request.json', category: 'physical-examination' },
    { id: 'BV-00806', file: '10-claim-professional-request.json', category: 'history-of-present-illness' },
  ];
  for (const c of NOT_ENFORCED) {
    it(`${c.id} (not enforced): ${c.file} lacks "${c.category}"; adding it clears the rule`, () => {
      const bundle = copyOf(c.file);
      expect(checkRule(c.id, bundle)).toEqual([{ code: c.id, expression: `${C}.supportingInfo` }]);
      expect(findingsOf(bundle).filter((f) => f.code === c.id)).toEqual([]);
      const claim = claimOf(bundle);
      claim.supportingInfo = [...(claim.supportingInfo ?? []), supportingInfo(99, c.category)];
      expect(checkRule(c.id, bundle)).toEqual([]);
    });
  }
});
