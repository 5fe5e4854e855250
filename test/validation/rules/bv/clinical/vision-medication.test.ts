import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../../support/validator.js';
import { CS, SD, claimOf, concept, copyOf, indexOf } from './support.js';

const VISION = '6-preauth-vision-prescription-request.json';
const UCUM = 'http://unitsofmeasure.org';

describe('VisionPrescription rules (6-preauth-vision-prescription-request)', () => {
  it('BV-00398: a lens duration without UCUM system', () => {
    const bundle = copyOf(VISION);
    const v = indexOf(bundle, 'VisionPrescription');
    bundle.entry[v].resource.lensSpecification[0].duration = { value: 6, unit: 'month', code: 'mo' };
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00398', expression: `Bundle.entry[${v}].resource.lensSpecification[0].duration.system` }]);
  });

  it('BV-00399: a lens duration without value', () => {
    const bundle = copyOf(VISION);
    const v = indexOf(bundle, 'VisionPrescription');
    bundle.entry[v].resource.lensSpecification[1].duration = { system: UCUM, unit: 'month', code: 'mo' };
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00399', expression: `Bundle.entry[${v}].resource.lensSpecification[1].duration.value` }]);
  });

  it('BV-00465: the same eye twice', () => {
    const bundle = copyOf(VISION);
    const v = indexOf(bundle, 'VisionPrescription');
    bundle.entry[v].resource.lensSpecification[1].eye = 'left';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00465', expression: `Bundle.entry[${v}].resource.lensSpecification[1].eye` }]);
  });

  it('BV-00565: a prescriber given neither by reference, display nor typed identifier', () => {
    const bundle = copyOf(VISION);
    const v = indexOf(bundle, 'VisionPrescription');
    const vp = bundle.entry[v].resource;
    vp.prescriber = { identifier: { system: 'http://nphies.sa/license/practitioner-license', value: 'N-P-00004' } };
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00565', expression: `Bundle.entry[${v}].resource.prescriber` }]);
    vp.prescriber.type = 'Practitioner';
    expect(findingsOf(bundle)).toEqual([]);
  });

  it('BV-00468: a VisionPrescription in a professional claim (10-claim-professional-request)', () => {
    const bundle = copyOf('10-claim-professional-request.json');
    const vision = copyOf(VISION);
    const prescription = structuredClone(vision.entry[indexOf(vision, 'VisionPrescription')]);
    prescription.resource.patient = structuredClone(claimOf(bundle).patient);
    prescription.resource.prescriber = structuredClone(claimOf(bundle).careTeam[0].provider);
    bundle.entry.push(prescription);
    claimOf(bundle).prescription = { reference: prescription.fullUrl };
    const v = bundle.entry.length - 1;
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00468', expression: `Bundle.entry[${v}].resource` }]);
  });
});

describe('MedicationRequest rules (a prescription added to 1-preauth-institutional-request)', () => {
  const withPrescription = (file = '1-preauth-institutional-request.json', count = 1) => {
    const bundle = copyOf(file);
    const claim = claimOf(bundle);
    for (let i = 1; i <= count; i++) {
      const fullUrl = `http://provider.com/MedicationRequest/rx-${i}`;
      bundle.entry.push({
        fullUrl,
        resource: {
          resourceType: 'MedicationRequest',
          id: `rx-${i}`,
          meta: { profile: [`${SD}medicationRequest|1.0.0`] },
          identifier: [{ system: 'http://provider.com/prescription', value: `rx-${i}` }],
          status: 'active',
          intent: 'order',
          medicationCodeableConcept: concept(`${CS}medication-codes`, '06285096001627'),
          subject: structuredClone(claim.patient),
          authoredOn: '2021-08-01',
          requester: structuredClone(claim.careTeam[0].provider),
          dosageInstruction: [{ sequence: 1, text: 'one tablet twice a day' }],
        },
      });
      if (i === 1) claim.prescription = { reference: fullUrl };
      else claim.originalPrescription = { reference: fullUrl };
    }
    return bundle;
  };
  const last = (bundle: Record<string, any>) => bundle.entry.length - 1;

  it('is accepted as sent', () => {
    expect(findingsOf(withPrescription())).toEqual([]);
  });

  // The profile fixes status and intent too, so its binding code (IB-) comes with the rule's.
  it('BV-00704: status draft', () => {
    const bundle = withPrescription();
    bundle.entry[last(bundle)].resource.status = 'draft';
    const at = `Bundle.entry[${last(bundle)}].resource.status`;
    expect(findingsOf(bundle)).toEqual([{ code: 'IB-00405', expression: at }, { code: 'BV-00704', expression: at }]);
  });

  it('BV-00705: intent plan', () => {
    const bundle = withPrescription();
    bundle.entry[last(bundle)].resource.intent = 'plan';
    const at = `Bundle.entry[${last(bundle)}].resource.intent`;
    expect(findingsOf(bundle)).toEqual([{ code: 'IB-00406', expression: at }, { code: 'BV-00705', expression: at }]);
  });

  it('BV-00706: the prescription names the other patient of the message', () => {
    const bundle = withPrescription();
    const other = bundle.entry.find((e: any) => e.resource.resourceType === 'Patient' && e.fullUrl !== claimOf(bundle).patient.reference);
    bundle.entry[last(bundle)].resource.subject = { reference: other.fullUrl };
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00706', expression: `Bundle.entry[${last(bundle)}].resource.subject` }]);
  });

  it('BV-00720: two prescriptions with one identifier', () => {
    const bundle = withPrescription(undefined, 2);
    bundle.entry[last(bundle)].resource.identifier[0].value = 'rx-1';
    expect(findingsOf(bundle)).toEqual([{ code: 'BV-00720', expression: `Bundle.entry[${last(bundle)}].resource.identifier[0]` }]);
  });
});
