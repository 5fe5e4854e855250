/**
 * `wasl rules`: every active official rule with its status, the layers' codes counted from the data the
 * pipeline compiles (base schema, NPHIES profiles, terminology), each with the test that proves it, and the
 * totals per family the README shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesReport, validationLayers } from '../../src/cli/rules-command.js';
import { loadConfig } from '../../src/config.js';
import { CodeCatalogue } from '../../src/findings/catalogue.js';

const { schemasDir, profilesDir } = loadConfig({});
const ROOT = join(schemasDir, '..');

interface Report {
  totals: Record<string, { active: number; enforced: number; 'enforced-by-layer': number; 'not-decidable': number; 'not-yet': number }>;
  rules: { id: string; status: string; note: string; tests: string[] }[];
}
const report = JSON.parse(rulesReport({ schemasDir, json: true })) as Report;
const byId = new Map(report.rules.map((r) => [r.id, r]));

describe('wasl rules', () => {
  it('counts the codes only the profile layer reports (the generic cardinality and binding codes), with its test', () => {
    for (const id of ['IC-01428', 'IB-00000']) {
      expect(byId.get(id), id).toMatchObject({ status: 'enforced-by-layer', note: 'layer: NPHIES profiles, by element' });
      expect(byId.get(id)?.tests).toContain('test/validation/profiles/checks.test.ts');
    }
  });

  it('counts the terminology layer\'s generic code, with its test', () => {
    expect(byId.get('IB-00237')).toMatchObject({ status: 'enforced-by-layer', note: 'layer: terminology packs, by element' });
    expect(byId.get('IB-00237')?.tests).toContain('test/validation/terminology/layer.test.ts');
  });

  it('names, for every rule a layer enforces, a test file that exists and names the code or proves the layer', () => {
    const layered = report.rules.filter((r) => r.status === 'enforced-by-layer');
    expect(layered.length).toBeGreaterThan(1800);
    for (const rule of layered) {
      expect(rule.tests.length, rule.id).toBeGreaterThan(0);
      for (const test of rule.tests) expect(() => readFileSync(join(ROOT, test)), test).not.toThrow();
    }
  });

  it('the profile layer\'s codes are read from the compiled profiles: official IC and IB codes, and its profile identity codes', () => {
    const catalogue = CodeCatalogue.load(schemasDir);
    const layers = validationLayers(catalogue, profilesDir);
    expect(layers.map((l) => l.name)).toEqual(['FHIR R4 base schema, by element', 'NPHIES profiles, by element', 'terminology packs, by element']);
    const profiles = [...layers[1]!.codes];
    expect(profiles.length).toBeGreaterThan(300);
    for (const code of profiles) {
      expect(code, code).toMatch(/^(IC|IB)-\d{5}$|^RE-00165$|^RE-00170$/);
      expect(catalogue.official(code)?.active, code).toBe(true);
    }
  });

  it('prints totals per family that add up to every active official rule', () => {
    const families = Object.keys(report.totals);
    expect(families).toEqual(['BV', 'DT', 'FR', 'GE', 'IB', 'IC', 'RE']);
    let active = 0;
    for (const t of Object.values(report.totals)) {
      expect(t.enforced + t['enforced-by-layer'] + t['not-decidable'] + t['not-yet']).toBe(t.active);
      active += t.active;
    }
    expect(active).toBe(report.rules.length);
  });

  it('the README shows the current totals', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(rulesReport({ schemasDir, totals: true }).trim());
  });
});
