/** `wasl validate FILE...`: the gateway's layers on files, as a table or an OperationOutcome. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateFiles } from '../../src/cli/validate-command.js';
import { loadConfig } from '../../src/config.js';
import { SAMPLES_DIR, sample } from '../support/samples.js';

const { schemasDir, profilesDir } = loadConfig({});

describe('wasl validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-validate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says valid for an official sample and exits 0', async () => {
    const result = await validateFiles([join(SAMPLES_DIR, '7a-claim-dental-request.json')], { schemasDir, profilesDir });
    expect(result.failed).toBe(false);
    // Valid, but the SBS procedure codes cannot be verified without the licensed list: said, not hidden.
    expect(result.output).toMatch(/7a-claim-dental-request\.json: valid \(\d+ warning\(s\)\)/);
    expect(result.output).toMatch(/warning\s+WASL_WARN_UNVERIFIABLE_CODE\s+Bundle\.entry\[1\]\.resource\.item\[0\]\.productOrService/);
  });

  it('lists every problem with code, FHIRPath and display, and fails', async () => {
    const broken = structuredClone(sample('7a-claim-dental-request.json').json);
    broken.entry[1].resource.use = 'preauthorization';
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(broken));
    const result = await validateFiles([file, join(dir, 'missing.json'), join(SAMPLES_DIR, 'MANIFEST.tsv')], { schemasDir, profilesDir });
    expect(result.failed).toBe(true);
    expect(result.output).toMatch(/BV-00165\s+Bundle\.entry\[1\]\.resource\.use\s+Claim use does not match/);
    expect(result.output).toMatch(/missing\.json: 1 error\(s\)\n\s+error\s+WASL_ERR_NOT_FOUND/);
    expect(result.output).toMatch(/MANIFEST\.tsv: 1 error\(s\)\n\s+error\s+GE-00013/);
  });

  it('prints the OperationOutcome with --json, in Arabic with --lang ar', async () => {
    const broken = structuredClone(sample('7a-claim-dental-request.json').json);
    broken.id = 'not-a-guid';
    const file = join(dir, 'bad-id.json');
    writeFileSync(file, JSON.stringify(broken));
    const result = await validateFiles([file], { schemasDir, profilesDir, json: true, language: 'ar' });
    const outcome = JSON.parse(result.output);
    expect(outcome.resourceType).toBe('OperationOutcome');
    const issue = outcome.issue.find((i: any) => i.severity === 'error');
    expect(issue.details.coding[0]).toMatchObject({ code: 'BV-00341', display: 'يجب أن يكون معرف الحزمة معرفاً فريداً عالمياً من 36 حرفاً' });
    expect(issue.expression).toEqual(['Bundle.id']);
  });
});
