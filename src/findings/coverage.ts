/**
 * Rule coverage (issue 3, part 5): for every active official rule, whether Wasl enforces it and
 * which tests prove it, is not decidable from a message alone (and why), or is not done yet.
 * Read from the data that drives validation, so the report cannot drift from what runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { OfficialRule } from '../data-gen/rules-catalogue.js';
import type { CodeCatalogue } from './catalogue.js';
import { mergeUnique, readJsonFolder } from './data-dir.js';

export type CoverageStatus = 'enforced' | 'enforced-by-layer' | 'not-decidable' | 'not-yet';

export interface RuleCoverage {
  readonly rule: OfficialRule;
  readonly status: CoverageStatus;
  /** Where it is enforced (rule file, gateway module or layer) or why it is not decidable. */
  readonly note: string;
  /** Test files that mention the code. */
  readonly tests: readonly string[];
}

/** A data-driven layer (base schema, profiles, terminology): the official codes it can report and the tests that prove its mapping. */
export interface LayerCoverage {
  readonly name: string;
  readonly codes: ReadonlySet<string>;
  /** Test files (relative to the project) that prove the layer reports its codes by element. */
  readonly tests: readonly string[];
}

export interface CoverageInput {
  readonly catalogue: CodeCatalogue;
  readonly schemasDir: string;
  /** The layers, in pipeline order: a code several layers can report is credited to the first. */
  readonly layers?: readonly LayerCoverage[];
  /** Code → test files, precomputed (`readRuleTests`); wins over `testsDir`. */
  readonly testIndex?: ReadonlyMap<string, readonly string[]>;
  /** Folder of tests to search for each code; omitted (and no `testIndex`), no tests are listed. */
  readonly testsDir?: string;
}

/**
 * The precomputed code → test files index, under the schemas folder. Written by
 * `src/data-gen/rule-tests.ts` (run by `npm run build`) and committed, because test/ is not in the
 * Docker image or an installed package, where `wasl rules` must still name the tests.
 */
export const RULE_TESTS_FILE = join('rules', 'rule-tests.json');

export interface RuleTestsFile {
  readonly generatedBy: string;
  readonly tests: Record<string, string[]>;
}

/** The precomputed index, or undefined when the file is missing (then the caller may scan test/). */
export function readRuleTests(schemasDir: string): Map<string, string[]> | undefined {
  const file = join(schemasDir, RULE_TESTS_FILE);
  if (!existsSync(file)) return undefined;
  return new Map(Object.entries((JSON.parse(readFileSync(file, 'utf8')) as RuleTestsFile).tests));
}

export function ruleCoverage(input: CoverageInput): RuleCoverage[] {
  const enforced = mergeUnique(
    readJsonFolder<{ rules: Record<string, { events: '*' | string[] }> }>(join(input.schemasDir, 'rules', 'enforced')).map(({ file, data }) => ({ file, entries: data.rules })),
    'rule',
  );
  const gateway = (JSON.parse(readFileSync(join(input.schemasDir, 'rules', 'gateway-checks.json'), 'utf8')) as { checks: Record<string, string> }).checks;
  const notDecidable = readNotDecidable(join(input.schemasDir, 'rules', 'not-decidable'));
  const mentions: ReadonlyMap<string, readonly string[]> = input.testIndex ?? (input.testsDir ? testMentions(input.testsDir) : new Map());

  const layerOf = new Map<string, LayerCoverage>();
  for (const layer of input.layers ?? []) for (const code of layer.codes) if (!layerOf.has(code)) layerOf.set(code, layer);

  const result: RuleCoverage[] = [];
  for (const rule of input.catalogue.officialRules()) {
    if (!rule.active) continue;
    const tests = mentions.get(rule.id) ?? [];
    const layer = layerOf.get(rule.id);
    const assignment = enforced[rule.id];
    if (assignment) {
      result.push({ rule, status: 'enforced', note: `rule, events: ${assignment.events === '*' ? 'all' : assignment.events.join(' ')}`, tests });
    } else if (gateway[rule.id]) {
      result.push({ rule, status: 'enforced', note: `gateway: ${gateway[rule.id]}`, tests });
    } else if (layer) {
      result.push({ rule, status: 'enforced-by-layer', note: `layer: ${layer.name}`, tests: [...new Set([...tests, ...layer.tests])] });
    } else if (notDecidable[rule.id]) {
      result.push({ rule, status: 'not-decidable', note: notDecidable[rule.id] as string, tests });
    } else {
      result.push({ rule, status: 'not-yet', note: '', tests });
    }
  }
  return result.sort((a, b) => a.rule.id.localeCompare(b.rule.id));
}

export function totalsByFamily(coverage: readonly RuleCoverage[]): Map<string, Record<CoverageStatus | 'active', number>> {
  const totals = new Map<string, Record<CoverageStatus | 'active', number>>();
  for (const entry of coverage) {
    const row = totals.get(entry.rule.family) ?? { active: 0, enforced: 0, 'enforced-by-layer': 0, 'not-decidable': 0, 'not-yet': 0 };
    row.active += 1;
    row[entry.status] += 1;
    totals.set(entry.rule.family, row);
  }
  return new Map([...totals.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function readNotDecidable(folder: string): Record<string, string> {
  let parts: { file: string; data: { rules: Record<string, string> } }[] = [];
  try {
    parts = readJsonFolder(folder);
  } catch {
    return {};
  }
  return mergeUnique(parts.map(({ file, data }) => ({ file, entries: data.rules })), 'not-decidable rule');
}

/**
 * Code → test files that mention it (a test asserting a code names it literally), as paths relative to
 * the project with `/` separators, codes and files sorted: the same output on every machine, so the
 * committed index does not churn.
 */
export function testMentions(testsDir: string): Map<string, string[]> {
  const mentions = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === '__fixtures__' || name === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const code of new Set(text.match(/\b(?:GE|BV|IC|IB|DT|RE|FR)-\d{5}\b/g) ?? [])) {
          const list = mentions.get(code) ?? [];
          list.push(relative(join(testsDir, '..'), path).split(sep).join('/'));
          mentions.set(code, list);
        }
      }
    }
  };
  walk(testsDir);
  return new Map([...mentions].sort(([a], [b]) => a.localeCompare(b)).map(([code, files]) => [code, files.sort()]));
}
