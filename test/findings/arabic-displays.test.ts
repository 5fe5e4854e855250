import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CodeCatalogue } from '../../src/findings/catalogue.js';
import type { OfficialRule } from '../../src/data-gen/rules-catalogue.js';
import { composeArabicDisplays, handWrittenDisplays, MACHINE_COMPOSED_FILE } from '../../src/data-gen/arabic-displays.js';

const { schemasDir } = loadConfig({});
const catalogue = CodeCatalogue.load(schemasDir);
const folder = join(schemasDir, 'rules', 'displays-ar');
const ARABIC_LETTER = /[\u0600-\u06FF]/;

describe('Arabic displays (issue 10, item 5)', () => {
  it('every code the gateway can emit has a display in both languages, the Arabic one in Arabic', () => {
    const failures: string[] = [];
    let count = 0;
    for (const [code] of catalogue.codes()) {
      count += 1;
      const en = catalogue.display(code, 'en');
      const ar = catalogue.display(code, 'ar');
      if (en.trim() === '') failures.push(`${code}: empty English display`);
      if (ar.trim() === '') failures.push(`${code}: empty Arabic display`);
      if (!ARABIC_LETTER.test(ar)) failures.push(`${code}: Arabic display has no Arabic letters: ${ar}`);
      if (ar === en) failures.push(`${code}: Arabic display falls back to English`);
    }
    expect(count).toBeGreaterThan(3812);
    expect(failures).toEqual([]);
  });

  it('the machine-composed file is what the generator writes today', () => {
    const { rules } = JSON.parse(readFileSync(join(schemasDir, 'rules', 'nphies-rules.json'), 'utf8')) as { rules: OfficialRule[] };
    const committed = JSON.parse(readFileSync(join(folder, MACHINE_COMPOSED_FILE), 'utf8')) as unknown;
    expect(committed).toEqual(composeArabicDisplays(rules, handWrittenDisplays(folder)));
  });

  it('tells machine-composed displays from hand-written ones', () => {
    expect(catalogue.isMachineComposed('DT-00130')).toBe(true);
    expect(catalogue.display('DT-00130', 'ar')).toBe('نوع البيانات المستخدم في العنصر Claim item detail sequence غير صحيح');
    expect(catalogue.isMachineComposed('BV-00002')).toBe(false);
    expect(catalogue.isMachineComposed('GE-00001')).toBe(false);
    expect(catalogue.isMachineComposed('FR-00012')).toBe(false);
  });
});
