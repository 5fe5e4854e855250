/** The hub secret and keyed identifier hashes (issue 11, item 1): real files in a temporary data directory. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HubSecret, loadHubSecret, patientKey, practitionerKey } from '../../src/security/keyed-hash.js';
import { securityPaths } from '../../src/security/paths.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-hub-secret-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('hub secret', () => {
  it('is created once (32 bytes, base64, 0600) when missing, then loaded unchanged', async () => {
    const dir = dataDir();
    const first = await loadHubSecret(dir);
    expect(first.created).toBe(true);
    const path = securityPaths(dir).hubSecret;
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = await loadHubSecret(dir);
    expect(second.created).toBe(false);
    expect(patientKey(second.secret, 's', 'v')).toBe(patientKey(first.secret, 's', 'v'));
  });

  it('concurrent loaders of a data directory without one agree on one secret', async () => {
    const dir = dataDir();
    const loads = await Promise.all(Array.from({ length: 8 }, () => loadHubSecret(dir)));
    expect(loads.filter((l) => l.created)).toHaveLength(1);
    expect(new Set(loads.map((l) => patientKey(l.secret, 'http://nphies.sa/identifier/nationalid', '1000000001'))).size).toBe(1);
  });

  it('a malformed file is refused, not replaced', async () => {
    const dir = dataDir();
    await loadHubSecret(dir);
    writeFileSync(securityPaths(dir).hubSecret, 'c2hvcnQ=\n');
    await expect(loadHubSecret(dir)).rejects.toThrow(/expected 32 bytes/);
    expect(readFileSync(securityPaths(dir).hubSecret, 'utf8')).toBe('c2hvcnQ=\n');
  });
});

describe('patientKey', () => {
  const secret = new HubSecret(Buffer.alloc(32, 7));
  const other = new HubSecret(Buffer.alloc(32, 8));

  it('is a stable HMAC-SHA256 hex that depends on the secret, the system and the value', () => {
    const key = patientKey(secret, 'http://nphies.sa/identifier/nationalid', '1000000001');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(patientKey(secret, 'http://nphies.sa/identifier/nationalid', '1000000001')).toBe(key);
    expect(patientKey(other, 'http://nphies.sa/identifier/nationalid', '1000000001')).not.toBe(key);
    expect(patientKey(secret, 'http://nphies.sa/identifier/iqama', '1000000001')).not.toBe(key);
    expect(patientKey(secret, 'http://nphies.sa/identifier/nationalid', '1000000002')).not.toBe(key);
  });

  it('is domain-separated and unambiguous about where the system ends', () => {
    expect(practitionerKey(secret, 's', 'v')).not.toBe(patientKey(secret, 's', 'v'));
    expect(patientKey(secret, 'ab', 'c')).not.toBe(patientKey(secret, 'a', 'bc'));
  });

  it('never prints the secret', () => {
    expect(JSON.stringify({ secret })).toBe('{"secret":"[hub secret]"}');
    expect(Object.keys(secret)).toEqual([]);
  });
});
