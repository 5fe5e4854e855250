import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTerminology } from '../../../src/validation/terminology/load.js';
import type { CodeVerdict } from '../../../src/validation/terminology/terminology.js';
import { SAMPLES_DIR } from '../../support/samples.js';

const SCHEMAS = join(import.meta.dirname, '..', '..', '..', 'schemas');
const CS = 'http://nphies.sa/terminology/CodeSystem/';
const VS = 'http://nphies.sa/terminology/ValueSet/';
const terminology = loadTerminology({ schemasDir: SCHEMAS });

describe('code systems of the official table', () => {
  it('knows a code of an NPHIES code system and rejects one it does not define', () => {
    expect(terminology.checkCodeSystem(`${CS}claim-subtype`, 'op')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}claim-subtype`, 'xx')).toBe('unknown-code');
    expect(terminology.checkCodeSystem('http://terminology.hl7.org/CodeSystem/claim-type', 'oral')).toBe('known');
    expect(terminology.display(`${CS}claim-subtype`, 'op')).toBe('OutPatient');
  });
  it('ignores |version on the system URL', () => {
    expect(terminology.checkCodeSystem(`${CS}claim-subtype|1.0.0`, 'ip')).toBe('known');
  });
  it('has no data for a system it does not hold', () => {
    expect(terminology.checkCodeSystem('http://loinc.org', '11421-5')).toBe('no-data');
    expect(terminology.checkCodeSystem('http://example.org/nothing', 'x')).toBe('no-data');
    expect(terminology.display('http://example.org/nothing', 'x')).toBeUndefined();
  });
  it('reads the appendices as their code systems', () => {
    expect(terminology.checkCodeSystem(`${CS}adjudication-error`, '1')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}adjudication-reason`, 'AD-1-1')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}practice-codes`, '08.26')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}fdi-oral-region`, '37')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}fdi-oral-region`, '99')).toBe('unknown-code');
    expect(terminology.checkCodeSystem(`${CS}clinic-specialty`, 'P01-01')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}route-of-admin`, 'EBPROA0001')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}benefit-category`, '1')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}rta-diagnosis`, 'V00.10')).toBe('known');
  });
  it('reads the body-site appendix (spelled bodysite in its sheet) under both URLs', () => {
    expect(terminology.checkCodeSystem(`${CS}body-site`, 'E1')).toBe('known');
    expect(terminology.checkCodeSystem(`${CS}bodysite`, 'E1')).toBe('known');
  });
});

describe('value sets', () => {
  it('includes whole code systems', () => {
    expect(terminology.checkValueSet(`${VS}body-site`, `${CS}fdi-oral-region`, '16')).toBe('known');
    expect(terminology.checkValueSet(`${VS}body-site`, `${CS}body-site`, 'E1')).toBe('known');
    expect(terminology.checkValueSet(`${VS}body-site`, `${CS}fdi-oral-region`, 'E1')).toBe('unknown-code');
    expect(terminology.checkValueSet(`${VS}body-site`, undefined, 'E1')).toBe('known');
  });
  it('ignores |version on the value set URL', () => {
    expect(terminology.checkValueSet(`${VS}claim-subtype|1.0.0`, `${CS}claim-subtype`, 'emr')).toBe('known');
  });
  it('rejects a code of a system the value set does not include', () => {
    expect(terminology.checkValueSet(`${VS}claim-subtype`, `${CS}claim-type`, 'op')).toBe('unknown-code');
  });
  it('keeps only the codes the Restrictions column lists', () => {
    const encounterClass = `${VS}encounter-class`;
    const actCode = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
    expect(terminology.checkValueSet(encounterClass, actCode, 'AMB')).toBe('known');
    expect(terminology.checkValueSet(encounterClass, actCode, 'MVA')).toBe('unknown-code');
    expect(terminology.checkValueSet(`${VS}v3-ActPriority`, 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', 'EM')).toBe('known');
    expect(terminology.checkValueSet(`${VS}v3-ActPriority`, 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', 'A')).toBe('unknown-code');
  });
  it('answers under the URLs the profiles bind to when the value-set table spells them otherwise', () => {
    expect(terminology.checkValueSet(`${VS}KSA-administrative-gender`, `${CS}ksa-administrative-gender`, 'male')).toBe('known');
    expect(terminology.checkValueSet(`${VS}diagnosis-icd-10-AM`, 'http://hl7.org/fhir/sid/icd-10-am', 'A01.1')).toBe('known');
    expect(terminology.checkValueSet(`${VS}meta-tags`, `${CS}meta-tags`, 'queued-messages')).toBe('known');
  });
  it('has no data for a value set it does not hold', () => {
    expect(terminology.checkValueSet('http://example.org/ValueSet/none', `${CS}claim-subtype`, 'op')).toBe('no-data');
  });
  it('answers for a billing value set by the system of the coding', () => {
    const billing = `${VS}pharmacy-billing`;
    expect(terminology.checkValueSet(billing, `${CS}medication-codes`, '06285096001627')).toBe('known');
    expect(terminology.checkValueSet(billing, `${CS}medical-devices`, '47203')).toBe('unverifiable');
    expect(terminology.checkValueSet(billing, `${CS}procedures`, '38618-00-00')).toBe('unknown-code');
    expect(terminology.checkValueSet(`${VS}professional-billing`, `${CS}procedures`, '38618-00-00')).toBe('unverifiable');
    expect(terminology.checkValueSet(`${VS}professional-billing`, `${CS}procedures`, '38618')).toBe('bad-shape');
  });
  it('names a code system in a coding by its alias too (bodysite for body-site)', () => {
    expect(terminology.checkValueSet(`${VS}body-site`, `${CS}bodysite`, 'E1')).toBe('known');
    expect(terminology.checkValueSet(`${VS}body-site`, `${CS}bodysite|1.0.0`, 'E1')).toBe('known');
    expect(terminology.checkValueSet(`${VS}body-site`, `${CS}bodysite`, 'ZZ')).toBe('unknown-code');
  });
  it('valueSetJudge answers as checkValueSet, with the value set looked up once', () => {
    const cases: [string, string | undefined, string][] = [
      [`${VS}body-site`, `${CS}fdi-oral-region`, '16'],
      [`${VS}body-site`, `${CS}fdi-oral-region`, 'E1'],
      [`${VS}body-site`, undefined, 'E1'],
      [`${VS}claim-subtype|1.0.0`, `${CS}claim-subtype`, 'emr'],
      [`${VS}claim-subtype`, `${CS}claim-type`, 'op'],
      [`${VS}professional-billing`, `${CS}procedures`, '38618'],
      [`${VS}professional-billing`, undefined, '38618'],
      ['http://example.org/ValueSet/none', `${CS}claim-subtype`, 'op'],
    ];
    for (const [valueSet, system, code] of cases) {
      expect(terminology.valueSetJudge?.(valueSet)(system, code), `${valueSet} ${system} ${code}`).toBe(terminology.checkValueSet(valueSet, system, code));
    }
  });
});

describe('ICD-10 (the cause-of-death list)', () => {
  it('knows a diagnosis with and without the dot', () => {
    expect(terminology.isIcd10('R07.1')).toBe(true);
    expect(terminology.isIcd10('R071')).toBe(true);
    expect(terminology.isIcd10('r07.1')).toBe(true);
    expect(terminology.isIcd10('R07.9')).toBe(false);
  });
  it('answers under ICD-10-AM (the samples\' system), ICD-10 and cause-of-death', () => {
    for (const system of ['http://hl7.org/fhir/sid/icd-10-am', 'http://hl7.org/fhir/sid/icd-10', `${CS}cause-of-death`]) {
      expect(terminology.checkCodeSystem(system, 'A01.1'), system).toBe('known');
      expect(terminology.checkCodeSystem(system, 'A01.9'), system).toBe('unknown-code');
    }
    expect(terminology.checkValueSet(`${VS}diagnosis-icd-10-am`, 'http://hl7.org/fhir/sid/icd-10-am', 'C71.7')).toBe('known');
    expect(terminology.display('http://hl7.org/fhir/sid/icd-10-am', 'A00')).toBe('Cholera');
  });
  it('cannot disprove a code the cause-of-death list does not cover: a missing category or an ICD-10-AM extension', () => {
    const icd = 'http://hl7.org/fhir/sid/icd-10-am';
    // No chapter Z in a cause-of-death list: Z01.0 (sample 11) is unverifiable, not unknown.
    expect(terminology.checkCodeSystem(icd, 'Z01.0')).toBe('unverifiable');
    // S62.1 is listed without subdivisions; S62.10 (sample 10) is its ICD-10-AM extension.
    expect(terminology.checkCodeSystem(icd, 'S62.10')).toBe('unverifiable');
    // A01 is subdivided in full (A01.0..A01.4): A01.9 is disproved. A code of no ICD shape is too.
    expect(terminology.checkCodeSystem(icd, 'A01.9')).toBe('unknown-code');
    expect(terminology.checkCodeSystem(icd, 'hello')).toBe('unknown-code');
  });
});

describe('recorded decisions on codes of the official samples (schemas/rules/decisions/terminology.json)', () => {
  it('knows the R4 spelling of adjudication codes the table mis-cases, beside the table\'s own', () => {
    const adjudication = 'http://terminology.hl7.org/CodeSystem/adjudication';
    expect(terminology.checkCodeSystem(adjudication, 'copay')).toBe('known');
    expect(terminology.checkCodeSystem(adjudication, 'coPay')).toBe('known');
    expect(terminology.checkCodeSystem(adjudication, 'unallocdeduct')).toBe('known');
    expect(terminology.checkCodeSystem(adjudication, 'cOpAy')).toBe('unknown-code');
    expect(terminology.checkValueSet(`${VS}adjudication`, adjudication, 'copay')).toBe('known');
  });
  it('answers unverifiable for the sample codes the tables lack, in the code system and its value set', () => {
    expect(terminology.checkCodeSystem(`${CS}adjudication-reason`, 'N-DC-079')).toBe('unverifiable');
    expect(terminology.checkCodeSystem(`${CS}adjudication-reason`, 'N-DC-001')).toBe('unknown-code');
    expect(terminology.checkCodeSystem(`${CS}claim-information-category`, 'hospitalized')).toBe('unverifiable');
    expect(terminology.checkValueSet(`${VS}claim-information-category`, `${CS}claim-information-category`, 'hospitalized')).toBe('unverifiable');
  });
});

describe('medication codes (a published fragment)', () => {
  it('knows a listed code and its display', () => {
    expect(terminology.checkCodeSystem(`${CS}medication-codes`, '05712249100940')).toBe('known');
    expect(terminology.display(`${CS}medication-codes`, '05712249100940')).toBe('Saxenda 6 MG/ML');
  });
  it('cannot call a code outside the fragment unknown', () => {
    expect(terminology.checkCodeSystem(`${CS}medication-codes`, '00000000000000')).toBe('unverifiable');
  });
});

describe('Saudi Billing System (licensed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-sbs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is unverifiable without the operator file, and a wrong shape is bad-shape', () => {
    expect(terminology.checkCodeSystem(`${CS}procedures`, '38618-00-00')).toBe('unverifiable');
    expect(terminology.checkCodeSystem(`${CS}services`, '83620-00-10')).toBe('unverifiable');
    expect(terminology.checkCodeSystem(`${CS}laboratory`, '73250-00-80')).toBe('unverifiable');
    expect(terminology.checkCodeSystem(`${CS}procedures`, '38618-00')).toBe('bad-shape');
    expect(terminology.checkCodeSystem(`${CS}procedures`, 'Brain001')).toBe('bad-shape');
    expect(terminology.summary().unverifiable).toContain(`${CS}procedures`);
  });
  it('knows the codes of a one-code-per-line file', () => {
    const file = join(dir, 'sbs.txt');
    writeFileSync(file, '# SBS V2\n38618-00-00\n83620-00-10,Some service\n');
    const withSbs = loadTerminology({ schemasDir: SCHEMAS, sbsFile: file });
    expect(withSbs.checkCodeSystem(`${CS}procedures`, '38618-00-00')).toBe('known');
    expect(withSbs.checkCodeSystem(`${CS}services`, '83620-00-10')).toBe('known');
    expect(withSbs.checkCodeSystem(`${CS}procedures`, '11000-00-00')).toBe('unknown-code');
    expect(withSbs.checkCodeSystem(`${CS}procedures`, '11000')).toBe('bad-shape');
    expect(withSbs.checkValueSet(`${VS}institutional-billing`, `${CS}procedures`, '38618-00-00')).toBe('known');
    expect(withSbs.summary().unverifiable).not.toContain(`${CS}procedures`);
    // The other licensed lists stay unverifiable.
    expect(withSbs.checkCodeSystem(`${CS}medical-devices`, '47203')).toBe('unverifiable');
  });
  it('reads a CSV with a code column and an optional system column', () => {
    const file = join(dir, 'sbs.csv');
    writeFileSync(file, 'Code,Display,System\n38618-00-00,"Repair, of something",procedures\n73250-00-80,Lab test,\n');
    const withSbs = loadTerminology({ schemasDir: SCHEMAS, sbsFile: file });
    expect(withSbs.checkCodeSystem(`${CS}procedures`, '38618-00-00')).toBe('known');
    expect(withSbs.checkCodeSystem(`${CS}services`, '38618-00-00')).toBe('unknown-code');
    expect(withSbs.checkCodeSystem(`${CS}laboratory`, '73250-00-80')).toBe('known');
  });
  it('reads a JSON list', () => {
    const file = join(dir, 'sbs.json');
    writeFileSync(file, JSON.stringify(['38618-00-00', { code: '47203', system: `${CS}medical-devices` }]));
    const withSbs = loadTerminology({ schemasDir: SCHEMAS, sbsFile: file });
    expect(withSbs.checkCodeSystem(`${CS}procedures`, '38618-00-00')).toBe('known');
    expect(withSbs.checkCodeSystem(`${CS}medical-devices`, '47203')).toBe('known');
  });
});

describe('summary', () => {
  it('counts what is loaded', () => {
    const summary = terminology.summary();
    expect(summary.valueSets).toBe(141);
    expect(summary.codeSystems).toBeGreaterThan(100);
    expect(summary.codes).toBeGreaterThan(15_000);
    expect(summary.unverifiable).toEqual(
      ['imaging', 'laboratory', 'medical-devices', 'medication-codes', 'oral-health-ip', 'oral-health-op', 'procedures', 'services', 'transportation-srca'].map((id) => CS + id),
    );
  });
});

/**
 * Codes of the official samples the tables lack, each decided in schemas/rules/decisions/terminology.json (codes
 * the loader answers by recorded verdict) or by the ICD-10 rule of the loader (derived): none is left unknown.
 */
const DECISIONS = JSON.parse(readFileSync(join(SCHEMAS, 'rules', 'decisions', 'terminology.json'), 'utf8')) as {
  codes: { system: string; code: string; verdict: CodeVerdict }[];
  derived: { system: string; code: string; verdict: CodeVerdict }[];
};
const ICD_AM = 'http://hl7.org/fhir/sid/icd-10-am';

describe('every coding of the official samples', () => {
  const codings: { file: string; system: string; code: string }[] = [];
  const walk = (file: string, node: unknown): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(file, n));
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o['system'] === 'string' && typeof o['code'] === 'string') codings.push({ file, system: o['system'], code: o['code'] });
      for (const value of Object.values(o)) walk(file, value);
    }
  };
  for (const file of readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.json')).sort()) {
    walk(file, JSON.parse(readFileSync(join(SAMPLES_DIR, file), 'utf8')));
  }

  it('is never unknown nor of a bad shape when its system is loaded', () => {
    const gaps = codings.filter(({ system, code }) => ['unknown-code', 'bad-shape'].includes(terminology.checkCodeSystem(system, code)));
    expect(gaps).toEqual([]);
  });
  it('is unverifiable only in licensed systems, the medication fragment, ICD-10-AM beyond the list, or by a recorded decision', () => {
    const licensed = new Set(terminology.summary().unverifiable);
    const decided = new Set(DECISIONS.codes.filter((d) => d.verdict === 'unverifiable').map((d) => `${d.system} ${d.code}`));
    for (const { file, system, code } of codings) {
      if (terminology.checkCodeSystem(system, code) !== 'unverifiable') continue;
      expect(licensed.has(system) || system === ICD_AM || decided.has(`${system} ${code}`), `${file}: ${system} ${code}`).toBe(true);
    }
  });
  it('gives every recorded and derived decision its recorded verdict', () => {
    for (const d of [...DECISIONS.codes, ...DECISIONS.derived]) expect(terminology.checkCodeSystem(d.system, d.code), `${d.system} ${d.code}`).toBe(d.verdict);
  });
});
