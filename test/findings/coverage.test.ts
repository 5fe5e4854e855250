/** The rule coverage report is built from the data that drives validation, and every enforced rule is tested. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesReport } from '../../src/cli/rules-command.js';
import { loadConfig } from '../../src/config.js';
import { CodeCatalogue } from '../../src/findings/catalogue.js';
import { ruleCoverage } from '../../src/findings/coverage.js';

const { schemasDir } = loadConfig({});

describe('rule coverage', () => {
  const coverage = ruleCoverage({ catalogue: CodeCatalogue.load(schemasDir), schemasDir, testsDir: join(schemasDir, '..', 'test') });

  it('covers every active official rule exactly once', () => {
    expect(coverage.length).toBe(2982);
    expect(new Set(coverage.map((c) => c.rule.id)).size).toBe(coverage.length);
  });

  it('every rule reported as enforced has a test that names its code', () => {
    const untested = coverage.filter((c) => c.status === 'enforced' && c.tests.length === 0).map((c) => c.rule.id);
    expect(untested).toEqual([]);
  });

  it('`wasl rules --totals` prints a table per family', () => {
    const table = rulesReport({ schemasDir, totals: true });
    expect(table).toMatch(/^\| family \| active \| enforced/);
    expect(table).toMatch(/\| BV \| 782 \|/);
    expect(table).toMatch(/\| all \| 2982 \|/);
  });
});
