/**
 * The code lists the clinical rules name (diagnosis lists, item codes, absence reasons), read once
 * from `schemas/rules/data/clinical-*.json` when the rule list is built and handed to the rule
 * factories; no rule reads a file inside `check`.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packagePath } from '../../../../package-root.js';

export interface ClinicalData {
  /** Normalised ICD-10-AM codes (upper case, no dot) of the road-traffic diagnosis list. */
  readonly rtaDiagnosis: ReadonlySet<string>;
  readonly workRelatedDiagnosis: ReadonlySet<string>;
  /** ICD-10-AM category newborn claims need (BV-00557), normalised. */
  readonly newbornDiagnosisCategory: string;
  readonly ventilationItems: ReadonlySet<string>;
  readonly labTestItems: ReadonlySet<string>;
  readonly labTestLoinc: ReadonlySet<string>;
  readonly clinicSpecialty: ReadonlySet<string>;
  /** Supporting-info category → the code system (and its codes) an absence reason must use. */
  readonly absenceReasons: ReadonlyMap<string, { system: string; codes: ReadonlySet<string> }>;
}

/** ICD-10 codes are written with or without the dot; compare them without it. */
export function normaliseIcd(code: string): string {
  return code.replaceAll('.', '').trim().toUpperCase();
}

export function defaultDataDir(): string {
  return resolve(process.env.WASL_SCHEMAS_DIR ?? packagePath('schemas'), 'rules', 'data');
}

export function loadClinicalData(dataDir = defaultDataDir()): ClinicalData {
  const read = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(dataDir, name), 'utf8')) as Record<string, unknown>;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const diagnosis = read('clinical-diagnosis-lists.json');
  const items = read('clinical-items.json');
  const absence = read('clinical-absence-reasons.json').reasons as Record<string, { system: string; codes: string[] }>;
  return {
    rtaDiagnosis: new Set(strings(diagnosis.rtaDiagnosis).map(normaliseIcd)),
    workRelatedDiagnosis: new Set(strings(diagnosis.workRelatedDiagnosis).map(normaliseIcd)),
    newbornDiagnosisCategory: normaliseIcd(String(diagnosis.newbornDiagnosisCategory)),
    ventilationItems: new Set(strings(items.ventilationItems)),
    labTestItems: new Set(strings(items.labTestItems)),
    labTestLoinc: new Set(strings(items.labTestLoinc)),
    clinicSpecialty: new Set(strings(items.clinicSpecialty)),
    absenceReasons: new Map(Object.entries(absence).map(([category, r]) => [category, { system: r.system, codes: new Set(r.codes) }])),
  };
}
