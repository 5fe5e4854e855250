/**
 * Diagnosis, supporting-information, encounter and patient rules. The code lists they name are
 * read once here, when the rule list is built (`data.ts`), and passed to the rule factories.
 * Which events each rule runs for is in `schemas/rules/enforced/clinical.json`.
 */
import type { Rule } from '../../../rule.js';
import { CLAIM_OR_AUTH } from './claim-view.js';
import { CS, ICD10AM } from './concepts.js';
import { loadClinicalData } from './data.js';
import {
  BV_00027, BV_00054, BV_00057, BV_00443, BV_00444, BV_00453, BV_00454, BV_00477, BV_00478,
  accidentForDiagnosisRule, diagnosisForAccidentRule, newbornDiagnosisRule,
} from './diagnosis.js';
import {
  BV_00154, BV_00727, BV_00761, BV_00762, causeOfDeathRule, claimForClassRule, classForClaimRule, identifierValueRule,
  requiredExtensionRule, requiredHospitalizationExtensionRule,
} from './encounter.js';
import { BV_00905, clinicSpecialtyRule } from './facility.js';
import {
  BV_00376, BV_00484, BV_00501, BV_00708, BV_00710, BV_00723, labTestDetailRule, labTestItemRule, labTestSingleLinkRule,
  labTestUniqueLinkRule, ventilationHoursRule,
} from './items.js';
import { BV_00704, BV_00705, BV_00706, BV_00720 } from './medication-request.js';
import { BV_00924, birthWeightRule } from './newborn.js';
import { BV_00339, BV_00481, saudiIdentifierRule } from './patient.js';
import {
  BV_00316, BV_00530, BV_00531, BV_00753, BV_00846, absenceReasonRule, chiefComplaintCodingRule, requiredCategoryRule,
  requiresCodeRule, requiresReasonRule, requiresValueRule,
} from './supporting-info.js';
import { BV_00398, BV_00399, BV_00465, BV_00468, BV_00565 } from './vision.js';

const data = loadClinicalData();
const lab = { items: data.labTestItems, loinc: data.labTestLoinc };

/** Absence reasons of the vital signs, one rule each (BV-00820..827, in the official order). */
const ABSENCE_REASON_RULES: readonly [string, string][] = [
  ['BV-00820', 'vital-sign-weight'], ['BV-00821', 'vital-sign-systolic'], ['BV-00822', 'vital-sign-diastolic'], ['BV-00823', 'vital-sign-height'],
  ['BV-00824', 'temperature'], ['BV-00825', 'pulse'], ['BV-00826', 'oxygen-saturation'], ['BV-00827', 'respiratory-rate'],
];

/** Categories institutional (BV-00763..771) and professional (BV-00772..780) claims and authorizations must carry. */
const REQUIRED_VITALS = ['vital-sign-diastolic', 'vital-sign-systolic', 'pulse', 'temperature', 'vital-sign-height', 'respiratory-rate', 'vital-sign-weight', 'chief-complaint', 'oxygen-saturation'];

function vitalRules(firstId: number, claimType: string): Rule[] {
  return REQUIRED_VITALS.map((category, i) => requiredCategoryRule(`BV-00${firstId + i}`, category, { types: [claimType], uses: CLAIM_OR_AUTH }));
}

export const CLINICAL_RULES: readonly Rule[] = [
  // Diagnoses
  BV_00054, BV_00057, BV_00027, BV_00454, BV_00444, BV_00477, BV_00478,
  newbornDiagnosisRule(data.newbornDiagnosisCategory),
  /** BV-00747: a work-related diagnosis needs accident type WPA. */
  accidentForDiagnosisRule('BV-00747', 'WPA', data.workRelatedDiagnosis),
  /** BV-00748: accident type WPA needs a work-related diagnosis. */
  diagnosisForAccidentRule('BV-00748', 'WPA', data.workRelatedDiagnosis),
  /** BV-00756: a road-traffic diagnosis needs accident type MVA. */
  accidentForDiagnosisRule('BV-00756', 'MVA', data.rtaDiagnosis),
  /** BV-00757: accident type MVA needs a road-traffic diagnosis. */
  diagnosisForAccidentRule('BV-00757', 'MVA', data.rtaDiagnosis),

  // Supporting information: content of each category
  BV_00453, BV_00443, BV_00316, BV_00530, BV_00531, BV_00753, BV_00846,
  requiresValueRule('BV-00402', 'info', 'valueString'),
  requiresValueRule('BV-00404', 'attachment', 'valueAttachment'),
  requiresValueRule('BV-00782', 'treatment-plan', 'valueString'),
  requiresValueRule('BV-00783', 'patient-history', 'valueString'),
  requiresValueRule('BV-00784', 'physical-examination', 'valueString'),
  requiresValueRule('BV-00785', 'history-of-present-illness', 'valueString'),
  requiresCodeRule('BV-00405', 'missingtooth', `${CS}fdi-oral-region`),
  requiresReasonRule('BV-00407', 'missingtooth', `${CS}missing-tooth-reason`),
  requiresCodeRule('BV-00410', 'lab-test', 'http://loinc.org'),
  requiresCodeRule('BV-00412', 'reason-for-visit', `${CS}visit-reason`),
  requiresCodeRule('BV-00428', 'onset', ICD10AM, { timingDate: true }),
  chiefComplaintCodingRule(ICD10AM),
  requiresCodeRule('BV-00781', 'morphology', `${CS}morphology-code`),
  requiresCodeRule('BV-00786', 'investigation-result', `${CS}investigation-result`),
  ...ABSENCE_REASON_RULES.flatMap(([id, category]) => {
    const reason = data.absenceReasons.get(category);
    return reason ? [absenceReasonRule(id, category, reason)] : [];
  }),

  // Supporting information: categories a claim must carry
  ...vitalRules(763, 'institutional'),
  ...vitalRules(772, 'professional'),
  requiredCategoryRule('BV-00751', 'chief-complaint', { types: ['oral'], uses: CLAIM_OR_AUTH }),
  requiredCategoryRule('BV-00752', 'investigation-result', { uses: CLAIM_OR_AUTH }),
  requiredCategoryRule('BV-00802', 'estimated-length-of-stay', { types: ['institutional'], uses: ['preauthorization'] }),
  requiredCategoryRule('BV-00803', 'treatment-plan', { uses: CLAIM_OR_AUTH }),
  requiredCategoryRule('BV-00804', 'patient-history', { uses: CLAIM_OR_AUTH }),
  requiredCategoryRule('BV-00805', 'physical-examination', { uses: CLAIM_OR_AUTH }),
  requiredCategoryRule('BV-00806', 'history-of-present-illness', { uses: CLAIM_OR_AUTH }),
  ventilationHoursRule(data.ventilationItems),
  birthWeightRule('BV-00506', 'institutional'),
  birthWeightRule('BV-00507', 'professional'),
  BV_00924,

  // Items
  BV_00376, BV_00723, BV_00708, BV_00710, BV_00501, BV_00484,
  labTestItemRule(lab), labTestDetailRule('BV-00928', lab), labTestDetailRule('BV-00929', lab), labTestSingleLinkRule(lab), labTestUniqueLinkRule(lab),

  // Encounter
  BV_00154, BV_00727, BV_00761, BV_00762,
  requiredExtensionRule('BV-00732', 'emergencyArrivalCode', { classes: ['EMER'], uses: ['claim'] }),
  requiredExtensionRule('BV-00734', 'triageCategory', { classes: ['EMER'], uses: CLAIM_OR_AUTH }),
  requiredExtensionRule('BV-00735', 'emergencyServiceStart', { classes: ['EMER'], uses: ['claim'] }),
  requiredExtensionRule('BV-00736', 'serviceEventType', { types: ['professional', 'oral'], uses: CLAIM_OR_AUTH }),
  requiredHospitalizationExtensionRule('BV-00737', 'admissionSpecialty', { classes: ['IMP', 'SS'], uses: ['claim'] }),
  requiredHospitalizationExtensionRule('BV-00744', 'intendedLengthOfStay', { classes: ['IMP', 'SS'], uses: ['claim'] }),
  causeOfDeathRule('BV-00740'),
  causeOfDeathRule('BV-00855'),
  classForClaimRule('BV-00741', { types: ['institutional'] }, ['IMP', 'SS']),
  classForClaimRule('BV-00742', { types: ['professional'], uses: CLAIM_OR_AUTH }, ['EMER', 'AMB', 'HH', 'VR']),
  classForClaimRule('BV-00743', { types: ['oral'] }, ['AMB']),
  classForClaimRule('BV-00755', { subTypes: ['emr'] }, ['EMER']),
  claimForClassRule('BV-00807', ['IMP', 'SS'], ['institutional']),
  claimForClassRule('BV-00808', ['EMER', 'HH', 'VR'], ['professional'], CLAIM_OR_AUTH),
  claimForClassRule('BV-00845', ['AMB'], ['oral', 'professional'], CLAIM_OR_AUTH),
  BV_00905,
  clinicSpecialtyRule(data.clinicSpecialty),

  // Patient and practitioner
  BV_00339, BV_00481,
  identifierValueRule('BV-00188', 'Patient'),
  identifierValueRule('BV-00197', 'PractitionerRole'),
  identifierValueRule('BV-00198', 'Practitioner'),
  saudiIdentifierRule('BV-00797', 'NI', '1'),
  saudiIdentifierRule('BV-00798', 'PRC', '2'),

  // Vision prescription and medication requests
  BV_00398, BV_00399, BV_00465, BV_00468, BV_00565,
  BV_00704, BV_00705, BV_00706, BV_00720,
];
