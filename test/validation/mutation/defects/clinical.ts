/** Clinical defects: diagnoses, supporting information each category must carry, encounters. */
import { claimDefect, code, type Defect, entryDefect, infoIndex, text } from './kit.js';

const diagnosisType = (d: any): string | undefined => code(d.type?.[0]);

/** The supporting information of `category` loses `elements`: reported by `rule` at `reportedAt` below it ('' = the supportingInfo itself). */
const infoWithout = (id: string, category: string, elements: readonly string[], rule: string, reportedAt: string): Defect =>
  claimDefect('supporting-info', id, (claim) => {
    const k = infoIndex(claim, category);
    if (k < 0 || !elements.some((e) => claim.supportingInfo[k][e] !== undefined)) return undefined;
    for (const e of elements) delete claim.supportingInfo[k][e];
    return [rule, `supportingInfo[${k}]${reportedAt ? `.${reportedAt}` : ''}`];
  });

/** A measured category whose quantity is not in UCUM. */
const quantityNotUcum = (id: string, category: string, rule: string): Defect =>
  claimDefect('supporting-info', id, (claim) => {
    const k = infoIndex(claim, category);
    if (k < 0 || !claim.supportingInfo[k].valueQuantity) return undefined;
    claim.supportingInfo[k].valueQuantity.system = 'http://example.org/units';
    return [rule, `supportingInfo[${k}].valueQuantity.system`];
  });

/** A category the claim type must carry, removed (sequences of items that point at it are left alone). */
const categoryMissing = (id: string, category: string, types: readonly string[], rule: string): Defect =>
  claimDefect('supporting-info', id, (claim) => {
    const k = infoIndex(claim, category);
    if (k < 0 || !types.includes(code(claim.type)!)) return undefined;
    claim.supportingInfo.splice(k, 1);
    return [rule, 'supportingInfo'];
  });

export const CLINICAL_DEFECTS: readonly Defect[] = [
  claimDefect('diagnosis', 'no-principal-diagnosis', (claim) => {
    const k = (claim.diagnosis ?? []).findIndex((d: any) => diagnosisType(d) === 'principal');
    if (k < 0) return undefined;
    claim.diagnosis[k].type[0].coding[0].code = 'secondary';
    return ['BV-00054', 'diagnosis'];
  }),
  claimDefect('diagnosis', 'two-principal-diagnoses', (claim) => {
    const k = (claim.diagnosis ?? []).findIndex((d: any) => diagnosisType(d) === 'principal');
    if (k < 0) return undefined;
    const second = structuredClone(claim.diagnosis[k]);
    second.sequence = Math.max(...claim.diagnosis.map((d: any) => d.sequence)) + 1;
    second.diagnosisCodeableConcept.coding[0].code = 'J45.9';
    claim.diagnosis.push(second);
    return ['BV-00054', 'diagnosis'];
  }),
  claimDefect('diagnosis', 'diagnosis-code-repeated', (claim) => {
    if (!claim.diagnosis?.length) return undefined;
    const repeat = structuredClone(claim.diagnosis[0]);
    repeat.sequence = Math.max(...claim.diagnosis.map((d: any) => d.sequence)) + 1;
    repeat.type[0].coding[0].code = 'secondary';
    claim.diagnosis.push(repeat);
    return ['BV-00057', `diagnosis[${claim.diagnosis.length - 1}]`];
  }),
  claimDefect('diagnosis', 'admitting-diagnosis-outside-inpatient-claim', (claim) => {
    const inpatient = code(claim.type) === 'institutional' && code(claim.subType) === 'ip' && claim.use === 'claim';
    if (inpatient || !claim.diagnosis?.length) return undefined;
    const admitting = structuredClone(claim.diagnosis[0]);
    admitting.sequence = Math.max(...claim.diagnosis.map((d: any) => d.sequence)) + 1;
    admitting.type[0].coding[0].code = 'admitting';
    admitting.diagnosisCodeableConcept.coding[0].code = 'J45.9';
    claim.diagnosis.push(admitting);
    // Reported at the type that says "admitting".
    return ['BV-00477', `diagnosis[${claim.diagnosis.length - 1}].type[0]`];
  }),
  infoWithout('chief-complaint-without-code', 'chief-complaint', ['code'], 'BV-00531', 'code'),
  infoWithout('weight-without-value-or-reason', 'vital-sign-weight', ['valueQuantity', 'reason'], 'BV-00812', ''),
  infoWithout('systolic-without-value-or-reason', 'vital-sign-systolic', ['valueQuantity', 'reason'], 'BV-00813', ''),
  infoWithout('temperature-without-value-or-reason', 'temperature', ['valueQuantity', 'reason'], 'BV-00816', ''),
  infoWithout('lab-test-without-loinc-code', 'lab-test', ['code'], 'BV-00410', 'code'),
  infoWithout('days-supply-without-quantity', 'days-supply', ['valueQuantity'], 'BV-00413', ''),
  infoWithout('missing-tooth-without-code', 'missingtooth', ['code'], 'BV-00405', 'code'),
  infoWithout('missing-tooth-without-reason', 'missingtooth', ['reason'], 'BV-00407', 'reason'),
  infoWithout('attachment-without-attachment', 'attachment', ['valueAttachment'], 'BV-00404', 'valueAttachment'),
  infoWithout('reason-for-visit-without-code', 'reason-for-visit', ['code'], 'BV-00412', 'code'),
  infoWithout('onset-without-code', 'onset', ['code'], 'BV-00428', 'code'),
  infoWithout('icu-hours-without-quantity', 'icu-hours', ['valueQuantity'], 'BV-00418', ''),
  infoWithout('investigation-result-ira-without-attachment', 'investigation-result', ['valueAttachment'], 'BV-00846', 'valueAttachment'),
  quantityNotUcum('weight-not-in-ucum', 'vital-sign-weight', 'BV-00414'),
  quantityNotUcum('height-not-in-ucum', 'vital-sign-height', 'BV-00417'),
  quantityNotUcum('pulse-not-in-ucum', 'pulse', 'BV-00487'),
  categoryMissing('institutional-without-diastolic', 'vital-sign-diastolic', ['institutional'], 'BV-00763'),
  categoryMissing('institutional-without-systolic', 'vital-sign-systolic', ['institutional'], 'BV-00764'),
  claimDefect('supporting-info', 'supporting-info-text-too-long', (claim) => {
    const k = (claim.supportingInfo ?? []).findIndex((s: any) => typeof s.valueString === 'string');
    if (k < 0) return undefined;
    claim.supportingInfo[k].valueString = text(251);
    return ['BV-00316', `supportingInfo[${k}].valueString`];
  }),
  claimDefect('supporting-info', 'coded-info-without-coding', (claim) => {
    const k = (claim.supportingInfo ?? []).findIndex((s: any) => code(s.category) !== 'chief-complaint' && s.code?.coding);
    if (k < 0) return undefined;
    claim.supportingInfo[k].code = { text: 'described only in words' };
    return ['BV-00530', `supportingInfo[${k}].code.coding`];
  }),
  entryDefect('encounter', 'encounter-period-without-seconds', 'Encounter', (encounter) => {
    if (typeof encounter.period?.start !== 'string' || encounter.period.start.length < 19) return undefined;
    encounter.period.start = encounter.period.start.slice(0, 10);
    return ['BV-00811', 'period.start'];
  }),
  claimDefect('encounter', 'transfer-extension-on-claim', (claim) => {
    if (claim.use !== 'claim') return undefined;
    (claim.extension ??= []).push({ url: 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-transfer', valueBoolean: true });
    return ['BV-00508', `extension[${claim.extension.length - 1}]`];
  }),
];
