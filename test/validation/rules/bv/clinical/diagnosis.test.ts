import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { CS, claimOf, concept, copyOf, extension, indexOf, supportingInfo } from './support.js';

const V3 = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const C = 'Bundle.entry[1].resource';

/** A second diagnosis (the profile allows one type per diagnosis). */
function diagnosis(code: string, type: string, onAdmission = false): Record<string, any> {
  return {
    sequence: 2,
    diagnosisCodeableConcept: concept('http://hl7.org/fhir/sid/icd-10-am', code),
    type: [concept(`${CS}diagnosis-type`, type)],
    ...(onAdmission ? { onAdmission: concept(`${CS}diagnosis-on-admission`, 'y') } : {}),
  };
}

const byCode = (findings: { code: string; expression: string | undefined }[]) => [...findings].sort((a, b) => a.code.localeCompare(b.code));

describe('diagnosis rules', () => {
  it('BV-00054: no principal diagnosis (10-claim-professional-request)', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    claimOf(bundle).diagnosis[0].type[0].coding[0].code = 'secondary';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00054', expression: `${C}.diagnosis` }]);
  });

  it('BV-00054: two principal diagnoses (4-preauth-pharmacy-request)', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    claimOf(bundle).diagnosis[1].type[0].coding[0].code = 'principal';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00054', expression: `${C}.diagnosis` }]);
  });

  it('BV-00057: the same diagnosis code twice (4-preauth-pharmacy-request)', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    const claim = claimOf(bundle);
    claim.diagnosis[1].diagnosisCodeableConcept = structuredClone(claim.diagnosis[0].diagnosisCodeableConcept);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00057', expression: `${C}.diagnosis[1]` }]);
  });

  it('BV-00027: onAdmission on a professional claim; institutional claims keep it (sample 8)', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    claimOf(bundle).diagnosis[0].onAdmission = concept(`${CS}diagnosis-on-admission`, 'y');
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00027', expression: `${C}.diagnosis[0].onAdmission` }]);
    expect(findingsOf(copyOf('8-claim-institutional-request.json'))).toEqual([]);
  });

  it('BV-00454: a repeated diagnosis sequence (4-preauth-pharmacy-request)', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    const claim = claimOf(bundle);
    claim.diagnosis[1].sequence = 1;
    claim.item[1].diagnosisSequence = [1];
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00454', expression: `${C}.diagnosis[1].sequence` }]);
  });

  it('BV-00444: an item points to a diagnosis that does not exist (10-claim-professional-request)', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    claimOf(bundle).item[0].diagnosisSequence = [2];
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00444', expression: `${C}.item[0].diagnosisSequence[0]` }]);
  });

  it('BV-00477: an admitting diagnosis on a prior authorization; an inpatient claim may use it', () => {
    const bundle = copyOf('1-preauth-institutional-request.json');
    claimOf(bundle).diagnosis.push(diagnosis('R07.2', 'admitting'));
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00477', expression: `${C}.diagnosis[1].type[0]` }]);
    const inpatient = copyOf('8-claim-institutional-request.json');
    claimOf(inpatient).diagnosis.push(diagnosis('R07.2', 'admitting'));
    expect(findingsOf(inpatient)).toEqual([]);
  });

  it('BV-00478: a discharge diagnosis on a professional claim', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    claimOf(bundle).diagnosis.push(diagnosis('S62.11', 'discharge'));
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00478', expression: `${C}.diagnosis[1].type[0]` }]);
  });
});

describe('newborn claims', () => {
  const newborn = (file: string) => {
    const bundle = copyOf(file);
    const claim = claimOf(bundle);
    claim.extension = [...(claim.extension ?? []), extension('newborn', { valueBoolean: true })];
    // BV-00553: a newborn's services fall within 90 days of birth.
    const patient = bundle.entry.find((e: any) => e.fullUrl === claim.patient.reference).resource;
    patient.birthDate = String(claim.item[0].servicedDate ?? claim.item[0].servicedPeriod?.start ?? claim.billablePeriod.start).slice(0, 10);
    return bundle;
  };
  const complete = (bundle: Record<string, any>) => {
    const claim = claimOf(bundle);
    claim.diagnosis.push(diagnosis('Z38.0', 'secondary', claim.type.coding[0].code === 'institutional'));
    claim.supportingInfo = [...(claim.supportingInfo ?? []), supportingInfo(9, 'birth-weight', { valueQuantity: { value: 3.2, system: 'http://unitsofmeasure.org', code: 'kg' } })];
    const patient = bundle.entry.find((e: any) => e.fullUrl === claim.patient.reference).resource;
    patient.maritalStatus = concept('http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', 'U');
    return bundle;
  };

  it('BV-00557, BV-00507, BV-00924: a professional newborn claim without Z38, birth weight and marital status', () => {
    const bundle = newborn('10-claim-professional-request.json');
    const patient = bundle.entry.findIndex((e: any) => e.fullUrl === claimOf(bundle).patient.reference);
    expect(byCode(findingsOf(bundle))).toEqual([
      { code: 'BV-00507', expression: `${C}.supportingInfo` },
      { code: 'BV-00557', expression: `${C}.diagnosis` },
      { code: 'BV-00924', expression: `Bundle.entry[${patient}].resource.maritalStatus` },
    ]);
    expect(findingsOf(complete(bundle))).toEqual([]);
  });

  it('BV-00506: an institutional newborn claim without birth weight', () => {
    const bundle = complete(newborn('8-claim-institutional-request.json'));
    const claim = claimOf(bundle);
    claim.supportingInfo = claim.supportingInfo.filter((s: any) => s.category.coding[0].code !== 'birth-weight');
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00506', expression: `${C}.supportingInfo` }]);
  });

  it('BV-00924: a newborn who is married', () => {
    const bundle = complete(newborn('10-claim-professional-request.json'));
    const patient = indexOf(bundle, 'Patient');
    bundle.entry[patient].resource.maritalStatus.coding[0].code = 'M';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00924', expression: `Bundle.entry[${patient}].resource.maritalStatus` }]);
  });
});

describe('accident type and diagnosis lists', () => {
  const accident = (code: string) => ({ date: '2021-08-01', type: concept(V3, code) });

  it('BV-00747: a work-related diagnosis (Y96) without a workplace accident; with WPA it passes', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    claimOf(bundle).diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'Y96';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00747', expression: `${C}.diagnosis[0].diagnosisCodeableConcept.coding[0].code` }]);
    claimOf(bundle).accident = accident('WPA');
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00748: a workplace accident without a work-related diagnosis', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    claimOf(bundle).accident = accident('WPA');
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00748', expression: `${C}.accident` }]);
  });

  it('BV-00756: a road-traffic diagnosis (V00.10, cc--appendix-rta-diagnosis) without a vehicle accident; with MVA it passes', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    claimOf(bundle).diagnosis[0].diagnosisCodeableConcept.coding[0].code = 'V00.10';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00756', expression: `${C}.diagnosis[0].diagnosisCodeableConcept.coding[0].code` }]);
    claimOf(bundle).accident = accident('MVA');
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00757: a vehicle accident without a road-traffic diagnosis', () => {
    const bundle = copyOf('4-preauth-pharmacy-request.json');
    claimOf(bundle).accident = accident('MVA');
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00757', expression: `${C}.accident` }]);
  });
});
