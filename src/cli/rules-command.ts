/** `wasl rules`: the official rule catalogue with what Wasl does about each active rule. */
import { PROFILE_IDENTITY_CODES } from '../validation/profiles/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CodeCatalogue } from '../findings/catalogue.js';
import { readRuleTests, ruleCoverage, totalsByFamily, type CoverageStatus, type LayerCoverage } from '../findings/coverage.js';
import { compileProfiles, type CheckNode } from '../validation/profiles/compile.js';
import { schemaLayerCodes } from '../validation/schema/index.js';
import { terminologyLayerCodes } from '../validation/terminology/layer.js';

export interface RulesOptions {
  readonly schemasDir: string;
  /** The generated NPHIES profiles; by default `profiles/` beside `schemasDir`. */
  readonly profilesDir?: string;
  readonly family?: string;
  readonly status?: CoverageStatus;
  readonly json?: boolean;
  readonly totals?: boolean;
}

/** `--family` names no family of the official rule table (a usage error: the command exits 2). */
export class UnknownFamilyError extends Error {
  override readonly name = 'UnknownFamilyError';

  constructor(family: string, known: readonly string[]) {
    super(`unknown rule family "${family}" (one of: ${known.join(', ')})`);
  }
}

export function rulesReport(options: RulesOptions): string {
  const catalogue = CodeCatalogue.load(options.schemasDir);
  if (options.family) {
    const known = [...new Set([...catalogue.officialRules()].filter((r) => r.active).map((r) => r.family))].sort();
    if (!known.includes(options.family.toUpperCase())) throw new UnknownFamilyError(options.family, known);
  }
  const layers = validationLayers(catalogue, options.profilesDir ?? join(options.schemasDir, '..', 'profiles'));
  // The tests come from the index precomputed at build time (schemas/rules/rule-tests.json), since test/
  // is absent from an installed package and the Docker image (.dockerignore). Only without that file is
  // test/ scanned, if present; with neither, no tests are listed.
  const testIndex = readRuleTests(options.schemasDir);
  const testsDir = join(options.schemasDir, '..', 'test');
  const tests = testIndex ? { testIndex } : existsSync(testsDir) ? { testsDir } : {};
  const coverage = ruleCoverage({ catalogue, schemasDir: options.schemasDir, layers, ...tests });
  const selected = coverage.filter((c) => (!options.family || c.rule.family === options.family.toUpperCase()) && (!options.status || c.status === options.status));
  const totals = totalsByFamily(coverage);
  if (options.json) {
    return JSON.stringify(
      {
        totals: Object.fromEntries(totals),
        rules: selected.map((c) => ({ id: c.rule.id, status: c.status, note: c.note, tests: c.tests, element: c.rule.element, description: c.rule.description })),
      },
      null,
      1,
    );
  }
  const lines: string[] = [];
  if (!options.totals) {
    for (const c of selected) {
      lines.push(`${c.rule.id}  ${c.status.padEnd(17)}  ${truncate(c.rule.description, 70).padEnd(70)}  ${c.note}${c.tests.length ? `  [${c.tests.join(', ')}]` : ''}`);
    }
    lines.push('');
  }
  lines.push(totalsTable(totals));
  return lines.join('\n');
}

/**
 * The codes each data-driven layer can report, read from the same data the pipeline compiles (the profile checks
 * as compiled, with the checks the sample decisions suspend left out), with the tests that prove each layer.
 */
export function validationLayers(catalogue: CodeCatalogue, profilesDir: string): LayerCoverage[] {
  const profileCodes = new Set<string>(PROFILE_IDENTITY_CODES);
  const collect = (node: CheckNode): void => {
    for (const check of node.checks) profileCodes.add(check.code);
    for (const child of node.children.values()) collect(child);
  };
  for (const profile of new Set(compileProfiles(profilesDir, catalogue).byUrl.values())) collect(profile.root);
  return [
    { name: 'FHIR R4 base schema, by element', codes: schemaLayerCodes(catalogue), tests: ['test/validation/schema/schema-validator.test.ts'] },
    { name: 'NPHIES profiles, by element', codes: profileCodes, tests: ['test/validation/profiles/checks.test.ts', 'test/validation/profiles/batch.test.ts'] },
    { name: 'terminology packs, by element', codes: terminologyLayerCodes(catalogue), tests: ['test/validation/terminology/layer.test.ts'] },
  ];
}

export function totalsTable(totals: ReturnType<typeof totalsByFamily>): string {
  const header = '| family | active | enforced | enforced by a layer | not decidable from a message | not yet |';
  const rows = [...totals].map(([family, t]) => `| ${family} | ${t.active} | ${t.enforced} | ${t['enforced-by-layer']} | ${t['not-decidable']} | ${t['not-yet']} |`);
  const sum = [...totals.values()].reduce(
    (acc, t) => ({ active: acc.active + t.active, enforced: acc.enforced + t.enforced, layer: acc.layer + t['enforced-by-layer'], nd: acc.nd + t['not-decidable'], ny: acc.ny + t['not-yet'] }),
    { active: 0, enforced: 0, layer: 0, nd: 0, ny: 0 },
  );
  return [header, '|---|---|---|---|---|---|', ...rows, `| all | ${sum.active} | ${sum.enforced} | ${sum.layer} | ${sum.nd} | ${sum.ny} |`].join('\n');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
