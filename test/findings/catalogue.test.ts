import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CodeCatalogue } from '../../src/findings/catalogue.js';
import { readOfficialRules } from '../../src/data-gen/rules-catalogue.js';

const { schemasDir } = loadConfig({});
const catalogue = CodeCatalogue.load(schemasDir);

describe('code catalogue', () => {
  it('holds every official rule of the OBA 2.8 workbook (about 2,980 active)', () => {
    const rules = [...catalogue.officialRules()];
    // 3,814 rows; DT-00752 and DT-00753 appear twice in the workbook, so 3,812 distinct codes.
    expect(rules.length).toBe(3812);
    expect(rules.filter((r) => r.active).length).toBe(2982);
    expect(catalogue.display('BV-00165')).toBe('Claim use does not match the MessageHeader event coding value');
  });

  it('parses the official CSV the same way the committed data was generated', () => {
    const csv = join(import.meta.dirname, '..', '__fixtures__', 'rules-sample.csv');
    const rules = readOfficialRules(readFileSync(csv, 'utf8'));
    expect(rules.map((r) => [r.id, r.active])).toEqual([
      ['BV-00001', false],
      ['BV-00002', true],
    ]);
    expect(rules[1]!.description).toBe('Claim care team sequence SHALL be unique within a claim');
  });

  it('every Arabic display belongs to a known code, and every Wasl code has both languages', () => {
    for (const file of readdirSync(join(schemasDir, 'rules', 'displays-ar'))) {
      const arabic = JSON.parse(readFileSync(join(schemasDir, 'rules', 'displays-ar', file), 'utf8')).displays as Record<string, string>;
      for (const code of Object.keys(arabic)) expect(catalogue.has(code), `${file}: ${code}`).toBe(true);
    }
    const own = JSON.parse(readFileSync(join(schemasDir, 'rules', 'wasl-codes.json'), 'utf8')).codes as Record<string, { en: string; ar: string }>;
    for (const [code, text] of Object.entries(own)) {
      expect(text.en, code).toBeTruthy();
      expect(text.ar, code).toBeTruthy();
    }
  });

  it('renders Arabic when asked and falls back to English where no Arabic is written', () => {
    expect(catalogue.display('GE-00020', 'ar')).toBe('بيانات اعتماد المرسل لا تطابق مرسل الرسالة');
    // Every official code now has Arabic (issue 10, item 5); the fallback shows on a catalogue without Arabic texts.
    const englishOnly = new CodeCatalogue([...catalogue.officialRules()], { codes: {}, officialStatus: {} });
    expect(englishOnly.display('DT-00001', 'ar')).toBe(catalogue.display('DT-00001', 'en'));
  });

  it('maps the level-1 codes to their HTTP statuses', () => {
    expect(catalogue.httpStatus('GE-00013')).toBe(400);
    expect(catalogue.httpStatus('GE-00020')).toBe(403);
    expect(catalogue.httpStatus('GE-00015')).toBe(404);
    expect(catalogue.httpStatus('BV-00076')).toBe(413);
    expect(catalogue.httpStatus('WASL_ERR_MEDIA_TYPE')).toBe(415);
    expect(catalogue.httpStatus('WASL_ERR_STORE_UNAVAILABLE')).toBe(503);
  });
});
