/**
 * schemas/rules/rule-tests.json (what `wasl rules` lists as the tests proving each rule where test/ is
 * absent, as in the Docker image) must match the tests as they are now: regenerated in memory and
 * compared exactly, so a test file added, removed or edited without regenerating fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGENERATE_COMMAND, ruleTestsText } from '../../src/data-gen/rule-tests.js';
import { RULE_TESTS_FILE } from '../../src/findings/coverage.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('schemas/rules/rule-tests.json', () => {
  it('is current with the test files (regenerate and commit it when this fails)', () => {
    const committed = readFileSync(join(ROOT, 'schemas', RULE_TESTS_FILE), 'utf8');
    const fresh = ruleTestsText(join(ROOT, 'test'));
    expect(committed, `schemas/${RULE_TESTS_FILE} is stale: run \`${REGENERATE_COMMAND}\` and commit the file`).toBe(fresh);
  });
});
