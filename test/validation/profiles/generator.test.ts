/** `profiles/` is the generator's output for the official tables, byte for byte (a re-run is a no-op). */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeProfiles } from '../../../src/data-gen/profiles.js';
import { PROFILES_DIR, REPO } from './support.js';

// A copy of the official tables, so the test runs from a clean clone anywhere.
const REFERENCE = join(REPO, 'test', '__fixtures__', 'nphies-reference');

describe.skipIf(!existsSync(REFERENCE))('profile generator', () => {
  const out = mkdtempSync(join(tmpdir(), 'wasl-profiles-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('regenerates the committed profiles/ exactly', () => {
    writeProfiles(REFERENCE, out);
    const generated = readdirSync(out).sort();
    const committed = readdirSync(PROFILES_DIR).filter((f) => f !== 'sample-decisions.json').sort();
    expect(generated).toEqual(committed);
    for (const file of generated) expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(PROFILES_DIR, file), 'utf8'));
  });

  it('is deterministic', () => {
    const again = mkdtempSync(join(tmpdir(), 'wasl-profiles-'));
    try {
      writeProfiles(REFERENCE, again);
      for (const file of readdirSync(out)) expect(readFileSync(join(again, file), 'utf8')).toBe(readFileSync(join(out, file), 'utf8'));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('maps every claim and prior-authorization table to the URL the samples declare', () => {
    const manifest = JSON.parse(readFileSync(join(PROFILES_DIR, 'manifest.json'), 'utf8')) as { profiles: { url: string; file: string }[] };
    const urls = new Set(manifest.profiles.map((p) => p.url.split('/').pop()));
    for (const name of ['institutional-claim', 'oral-claim', 'pharmacy-claim', 'professional-claim', 'vision-claim', 'institutional-priorauth', 'oral-priorauth', 'pharmacy-priorauth', 'professional-priorauth', 'vision-priorauth', 'claim-response', 'prior-auth-response', 'eligibility-request', 'eligibility-response', 'coverage', 'patient', 'task', 'communication', 'communication-request', 'payment-notice', 'payment-reconciliation', 'practitioner', 'encounter', 'location', 'vision-prescription', 'provider-organization', 'insurer-organization', 'policyholder-organization', 'message-header', 'bundle']) {
      expect(urls.has(name), name).toBe(true);
    }
  });
});
