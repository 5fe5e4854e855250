import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restrictionCodes, writeTerminology } from '../../../src/data-gen/terminology.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
// A copy of the official tables, so the test runs from a clean clone anywhere.
const REFERENCE = join(ROOT, 'test', '__fixtures__', 'nphies-reference');
const COMMITTED = join(ROOT, 'schemas', 'terminology');

describe('terminology packs are generated from the official tables', () => {
  const out = mkdtempSync(join(tmpdir(), 'wasl-terminology-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('regenerating gives the committed packs byte for byte', () => {
    writeTerminology(REFERENCE, out);
    const generated = readdirSync(out).sort();
    expect(readdirSync(COMMITTED).sort()).toEqual(generated);
    for (const file of generated) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(COMMITTED, file), 'utf8'));
    }
  });

  it('is deterministic: a second run is identical', () => {
    const again = mkdtempSync(join(tmpdir(), 'wasl-terminology-'));
    try {
      writeTerminology(REFERENCE, again);
      for (const file of readdirSync(out)) {
        expect(readFileSync(join(again, file), 'utf8'), file).toBe(readFileSync(join(out, file), 'utf8'));
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('lists every pack in the manifest, each under 5 MB', () => {
    const manifest = JSON.parse(readFileSync(join(COMMITTED, 'manifest.json'), 'utf8')) as {
      packs: { file: string; source: string; codes: number }[];
    };
    const files = readdirSync(COMMITTED).filter((f) => f !== 'manifest.json').sort();
    expect(manifest.packs.map((p) => p.file)).toEqual(files);
    for (const file of readdirSync(COMMITTED)) expect(statSync(join(COMMITTED, file)).size).toBeLessThan(5 * 1024 * 1024);
    const byFile = new Map(manifest.packs.map((p) => [p.file, p]));
    expect(byFile.get('icd-10.json')?.source).toBe('cc--appendix-cause-of-death.csv');
    expect(byFile.get('medication-codes.json')?.codes).toBe(1002);
  });
});

describe('restrictionCodes reads the "Restrictions" column', () => {
  it('takes the codes in parentheses', () => {
    expect(restrictionCodes('_ActEncounterCode (AMB, EMER, HH, IMP, SS,VR)')).toEqual(['AMB', 'EMER', 'HH', 'IMP', 'SS', 'VR']);
  });
  it('takes lists separated by bars, commas or lines', () => {
    expect(restrictionCodes('s | min | h')).toEqual(['h', 'min', 's']);
    expect(restrictionCodes('application/pdf\nimage/jpeg')).toEqual(['application/pdf', 'image/jpeg']);
    expect(restrictionCodes('MD')).toEqual(['MD']);
  });
  it('ignores prose', () => {
    expect(restrictionCodes('update of the display for the codes to match KSA terminology')).toBeUndefined();
    expect(restrictionCodes('')).toBeUndefined();
  });
});
