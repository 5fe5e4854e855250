import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { CS, checkRule, claimOf, concept, copyOf, extension, indexOf, linkEncounter } from './support.js';

const byCode = (findings: { code: string; expression: string | undefined }[]) => [...findings].sort((a, b) => a.code.localeCompare(b.code));
const INSTITUTIONAL = '8-claim-institutional-request.json';
const PROFESSIONAL = '10-claim-professional-request.json';

/** An inpatient admission with what BV-00727, 737 and 744 ask for. */
function admission(): Record<string, unknown> {
  return {
    hospitalization: {
      extension: [
        extension('admissionSpecialty', { valueCodeableConcept: concept(`${CS}practice-codes`, '08.00') }),
        extension('intendedLengthOfStay', { valueCodeableConcept: concept(`${CS}intended-length-of-stay`, 'IO') }),
      ],
      admitSource: concept(`${CS}admit-source`, 'WKIN'),
    },
  };
}

/** An emergency visit with what BV-00732, 733, 734, 735 and 736 ask for. */
function emergency(): Record<string, unknown> {
  return {
    extension: [
      extension('serviceEventType', { valueCodeableConcept: concept(`${CS}service-event-type`, 'ICSE') }),
      extension('emergencyArrivalCode', { valueCodeableConcept: concept(`${CS}emergency-arrival-code`, 'PV') }),
      extension('triageCategory', { valueCodeableConcept: concept(`${CS}triage-category`, 'U') }),
      extension('emergencyServiceStart', { valueDateTime: '2021-08-01T10:05:00+03:00' }),
      extension('triageDate', { valueDateTime: '2021-08-01T10:02:00+03:00' }),
    ],
  };
}

const outpatient = () => ({ extension: [extension('serviceEventType', { valueCodeableConcept: concept(`${CS}service-event-type`, 'ICSE') })] });

describe('an inpatient Encounter on 8-claim-institutional-request', () => {
  it('is accepted when complete', () => {
    const bundle = copyOf(INSTITUTIONAL);
    linkEncounter(bundle, 'IMP', admission());
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00727: no admitSource', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const e = linkEncounter(bundle, 'IMP', admission());
    delete bundle.entry[e].resource.hospitalization.admitSource;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00727', expression: `Bundle.entry[${e}].resource.hospitalization.admitSource` }]);
  });

  for (const [id, name] of [['BV-00737', 'admissionSpecialty'], ['BV-00744', 'intendedLengthOfStay']] as const) {
    it(`${id}: no hospitalization extension ${name}`, () => {
      const bundle = copyOf(INSTITUTIONAL);
      const e = linkEncounter(bundle, 'SS', admission());
      const hospitalization = bundle.entry[e].resource.hospitalization;
      hospitalization.extension = hospitalization.extension.filter((x: any) => !x.url.endsWith(name));
      expect(findingsOf(bundle)).toEqual([{ code: id, expression: `Bundle.entry[${e}].resource.hospitalization.extension` }]);
    });
  }

  it('BV-00740: discharged "died" without cause of death; with it the claim passes', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const e = linkEncounter(bundle, 'IMP', admission());
    const encounter = bundle.entry[e].resource;
    encounter.hospitalization.dischargeDisposition = concept(`${CS}discharge-disposition`, 'died');
    // A discharge also needs its end (BV-00801, BV-00041: after the item's servicedDate) and specialty (BV-00758).
    encounter.period.end = '2021-08-31T10:00:00+03:00';
    encounter.hospitalization.extension.push(extension('dischargeSpecialty', { valueCodeableConcept: concept(`${CS}practice-codes`, '08.00') }));
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00740', expression: `Bundle.entry[${e}].resource.extension` }]);
    encounter.extension = [extension('causeOfDeath', { valueCodeableConcept: concept('http://hl7.org/fhir/sid/icd-10-am', 'I21.9') })];
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00741 and BV-00845: an institutional claim with an ambulatory encounter', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const e = linkEncounter(bundle, 'AMB');
    expect(byCode(findingsOf(bundle))).toEqual([
      { code: 'BV-00741', expression: `Bundle.entry[${e}].resource.class` },
      { code: 'BV-00845', expression: `Bundle.entry[${e}].resource.class` },
    ]);
  });

  it('BV-00761: the encounter subject is another patient', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const e = linkEncounter(bundle, 'IMP', admission());
    const other = bundle.entry.findIndex((x: any, i: number) => x.resource.resourceType === 'Patient' && x.fullUrl !== claimOf(bundle).patient.reference && i !== e);
    bundle.entry[e].resource.subject = { reference: bundle.entry[other].fullUrl };
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00761', expression: `Bundle.entry[${e}].resource.subject` }]);
  });

  it('BV-00762: the encounter service provider is the insurer', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const e = linkEncounter(bundle, 'IMP', admission());
    bundle.entry[e].resource.serviceProvider = structuredClone(claimOf(bundle).insurer);
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00762', expression: `Bundle.entry[${e}].resource.serviceProvider` }]);
  });

  it('BV-00154: a blank encounter identifier', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const e = linkEncounter(bundle, 'IMP', admission());
    bundle.entry[e].resource.identifier[0].value = '  ';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00154', expression: `Bundle.entry[${e}].resource.identifier[0].value` }]);
  });

  it('BV-00808 and BV-00741: an institutional claim with an emergency encounter', () => {
    const bundle = copyOf(INSTITUTIONAL);
    const e = linkEncounter(bundle, 'EMER', emergency());
    expect(byCode(findingsOf(bundle))).toEqual([
      { code: 'BV-00741', expression: `Bundle.entry[${e}].resource.class` },
      { code: 'BV-00808', expression: `Bundle.entry[${e}].resource.class` },
    ]);
  });
});

describe('an outpatient or emergency Encounter on 10-claim-professional-request', () => {
  it('is accepted when complete (ambulatory and emergency)', () => {
    const amb = copyOf(PROFESSIONAL);
    linkEncounter(amb, 'AMB', outpatient());
    expect(findingsOf(amb)).toEqual([]);
    const emer = copyOf(PROFESSIONAL);
    linkEncounter(emer, 'EMER', emergency());
    expect(findingsOf(emer)).toEqual([]);
  });

  it('BV-00736: no serviceEventType', () => {
    const bundle = copyOf(PROFESSIONAL);
    const e = linkEncounter(bundle, 'AMB');
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00736', expression: `Bundle.entry[${e}].resource.extension` }]);
  });

  for (const [id, name] of [['BV-00732', 'emergencyArrivalCode'], ['BV-00734', 'triageCategory'], ['BV-00735', 'emergencyServiceStart']] as const) {
    it(`${id}: an emergency claim without ${name}`, () => {
      const bundle = copyOf(PROFESSIONAL);
      const e = linkEncounter(bundle, 'EMER', emergency());
      const encounter = bundle.entry[e].resource;
      encounter.extension = encounter.extension.filter((x: any) => !x.url.endsWith(name));
      expect(findingsOf(bundle)).toEqual([{ code: id, expression: `Bundle.entry[${e}].resource.extension` }]);
    });
  }

  it('BV-00855: emergency disposition "DED" without cause of death', () => {
    const bundle = copyOf(PROFESSIONAL);
    const e = linkEncounter(bundle, 'EMER', emergency());
    bundle.entry[e].resource.extension.push(extension('emergencyDepartmentDisposition', { valueCodeableConcept: concept(`${CS}emergency-department-disposition`, 'DED') }));
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00855', expression: `Bundle.entry[${e}].resource.extension` }]);
  });

  it('BV-00742: a professional claim with a pre-admission encounter', () => {
    const bundle = copyOf(PROFESSIONAL);
    const e = linkEncounter(bundle, 'PRENC', outpatient());
    // PRENC is outside the NPHIES encounter-class value set too (IB-00136), which BV-00742 names as its reason.
    expect(findingsOf(bundle)).toEqual([
      { code: 'IB-00136', expression: `Bundle.entry[${e}].resource.class` },
      { code: 'BV-00742', expression: `Bundle.entry[${e}].resource.class` },
    ]);
  });

  it('BV-00807 and BV-00742: a professional claim with an inpatient encounter', () => {
    const bundle = copyOf(PROFESSIONAL);
    const e = linkEncounter(bundle, 'IMP', { ...outpatient(), ...admission() });
    expect(byCode(findingsOf(bundle))).toEqual([
      { code: 'BV-00742', expression: `Bundle.entry[${e}].resource.class` },
      { code: 'BV-00807', expression: `Bundle.entry[${e}].resource.class` },
    ]);
  });

  it('BV-00755: an emergency subtype with an ambulatory encounter', () => {
    const bundle = copyOf(PROFESSIONAL);
    const e = linkEncounter(bundle, 'AMB', outpatient());
    claimOf(bundle).subType.coding[0].code = 'emr';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00755', expression: `Bundle.entry[${e}].resource.class` }]);
  });

  it('BV-00898: the facility Location is typed outside clinic-specialty; P01-01 passes', () => {
    const bundle = copyOf(PROFESSIONAL);
    linkEncounter(bundle, 'AMB', outpatient());
    const fullUrl = 'http://provider.com/Location/loc-1';
    bundle.entry.push({
      fullUrl,
      resource: {
        resourceType: 'Location',
        id: 'loc-1',
        meta: { profile: ['http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/location|1.0.0'] },
        status: 'active',
        name: 'Family medicine clinic',
        type: [concept('http://terminology.hl7.org/CodeSystem/v3-RoleCode', 'OF')],
        managingOrganization: structuredClone(claimOf(bundle).provider),
      },
    });
    claimOf(bundle).facility = { reference: fullUrl };
    const l = bundle.entry.length - 1;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00898', expression: `Bundle.entry[${l}].resource.type` }]);
    bundle.entry[l].resource.type = [concept(`${CS}clinic-specialty`, 'P01-01')];
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00905 (not enforced: preauth-professional-outpatient-request has no facility): an ambulatory professional claim without facility', () => {
    const sample = copyOf('preauth-professional-outpatient-request.json');
    expect(checkRule('BV-00905', sample)).toEqual([{ code: 'BV-00905', expression: 'Bundle.entry[1].resource.facility' }]);
    expect(findingsOf(sample)).toEqual([]);
  });

  it('BV-00743 and BV-00808: an oral claim (7a-claim-dental-request) with a pre-admission, then a home-care encounter', () => {
    const bundle = copyOf('7a-claim-dental-request.json');
    const e = linkEncounter(bundle, 'PRENC', outpatient());
    expect(findingsOf(bundle)).toEqual([
      { code: 'IB-00136', expression: `Bundle.entry[${e}].resource.class` },
      { code: 'BV-00743', expression: `Bundle.entry[${e}].resource.class` },
    ]);
    bundle.entry[e].resource.class.code = 'HH';
    expect(byCode(findingsOf(bundle))).toEqual([
      { code: 'BV-00743', expression: `Bundle.entry[${e}].resource.class` },
      { code: 'BV-00808', expression: `Bundle.entry[${e}].resource.class` },
    ]);
    expect(indexOf(bundle, 'Encounter')).toBe(e);
  });
});
