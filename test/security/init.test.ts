import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTICIPANTS } from '../../src/security/demo-participants.js';
import { certificateFingerprint256, verifyIssuedBy } from '../../src/security/dev-pki.js';
import { initDevelopment, type InitReport } from '../../src/security/init.js';
import { FileParticipantRegistry } from '../../src/security/participants/file-registry.js';
import { LICENCE_SYSTEMS } from '../../src/security/participants/participant.js';
import { participantCertPath, participantKeyPath, securityPaths } from '../../src/security/paths.js';
import { gatewayJwks, loadGatewayKeys } from '../../src/security/tokens.js';
import { tempDir } from './temp-dir.js';

const LICENCES = ['N-F-00001', 'N-F-00002', 'N-F-00003', 'N-F-00005', 'PR-FHIR', '10000000069631', 'N-I-00001', 'INS-FHIR', '7001548317', 'REG-CHI', 'ADMIN-1'];

describe('initDevelopment', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let first: InitReport;

  beforeAll(async () => {
    dir = await tempDir();
    first = await initDevelopment(dir.path);
  });
  afterAll(() => dir.remove());

  it('creates the dev CA, the gateway key and every demo participant', async () => {
    const paths = securityPaths(dir.path);
    expect(first.present).toEqual([]);
    expect(first.created).toEqual(
      expect.arrayContaining(['pki/ca.pem', 'pki/ca.key.pem', 'keys/gateway.private.jwk.json', 'keys/hub-secret', 'participants.json#N-F-00001', 'keys/REG-CHI.private.jwk.json', 'keys/REG-CHI.cert.pem']),
    );
    // CA (2) + HTTPS server certificate and key (2) + gateway key (1) + hub secret (1) + per participant key, certificate and registry entry.
    expect(first.created).toHaveLength(6 + LICENCES.length * 3);
    expect(first.created).toEqual(expect.arrayContaining(['pki/server.pem', 'pki/server.key.pem']));

    const registry = await FileParticipantRegistry.open(dir.path);
    expect(registry.list().map((p) => p.licence).sort()).toEqual([...LICENCES].sort());
    for (const p of registry.list()) {
      expect(p.status).toBe('active');
      expect(p.delivery).toEqual({ mode: 'poll' });
      expect(p.displayName.length).toBeGreaterThan(3);
      expect(p.credentials.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-384', alg: 'ES384' });
      expect(p.credentials.publicJwk).not.toHaveProperty('d');
    }
    expect(registry.get('N-F-00001')).toMatchObject({ role: 'provider', licenceSystem: LICENCE_SYSTEMS.provider });
    expect(registry.get('N-I-00001')).toMatchObject({ role: 'payer', licenceSystem: LICENCE_SYSTEMS.payer });
    expect(registry.get('REG-CHI')).toMatchObject({ role: 'regulator' });
    expect(DEMO_PARTICIPANTS.map((d) => d.licence)).toEqual(LICENCES);

    const keys = await loadGatewayKeys(dir.path);
    expect(keys.issuer).toBe('NPHIES');
    const jwks = gatewayJwks(keys);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: keys.signingKid });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    expect(await readFile(paths.caKey, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('writes every private key with mode 0600', async () => {
    const paths = securityPaths(dir.path);
    const privateFiles = [paths.caKey, paths.gatewayKeys, ...LICENCES.map((l) => participantKeyPath(dir.path, l))];
    for (const file of privateFiles) expect(((await stat(file)).mode & 0o777).toString(8), file).toBe('600');
    expect(((await stat(paths.keysDir)).mode & 0o777).toString(8)).toBe('700');
  });

  it('issues client certificates the dev CA verifies, fingerprinted in the registry', async () => {
    const paths = securityPaths(dir.path);
    const caPem = await readFile(paths.caCert, 'utf8');
    const registry = await FileParticipantRegistry.open(dir.path);
    for (const licence of LICENCES) {
      const certPem = await readFile(participantCertPath(dir.path, licence), 'utf8');
      expect(verifyIssuedBy(certPem, caPem), licence).toBe(true);
      expect(registry.get(licence)?.credentials.certificateSha256).toBe(certificateFingerprint256(certPem));
    }
    // And a certificate from another CA does not verify against this one.
    const other = await tempDir();
    try {
      await initDevelopment(other.path);
      const foreign = await readFile(participantCertPath(other.path, 'N-F-00001'), 'utf8');
      expect(verifyIssuedBy(foreign, caPem)).toBe(false);
    } finally {
      await other.remove();
    }
  });

  it('is idempotent: a second run creates nothing and changes no key', async () => {
    const before = await snapshot(dir.path);
    const second = await initDevelopment(dir.path, { gatewayLicence: 'OTHER-GW' });
    expect(second.created).toEqual([]);
    // Registered participants are left alone entirely, so their key files are not re-read.
    expect(second.present).toEqual(expect.arrayContaining(['pki/ca.pem', 'pki/ca.key.pem', 'keys/gateway.private.jwk.json', 'participants.json#INS-FHIR']));
    expect(second.notes.join('\n')).toMatch(/NPHIES.*OTHER-GW/);
    expect(await snapshot(dir.path)).toEqual(before);
  });

  it('recreates a missing registry entry from the existing key without replacing the key', async () => {
    const other = await tempDir();
    try {
      await initDevelopment(other.path);
      const keyBefore = await readFile(participantKeyPath(other.path, 'PR-FHIR'), 'utf8');
      const registry = await FileParticipantRegistry.open(other.path);
      const file = JSON.parse(await readFile(registry.file, 'utf8')) as { version: number; participants: { licence: string }[] };
      file.participants = file.participants.filter((p) => p.licence !== 'PR-FHIR');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(registry.file, JSON.stringify(file));

      const report = await initDevelopment(other.path);
      expect(report.created).toEqual(['participants.json#PR-FHIR']);
      expect(await readFile(participantKeyPath(other.path, 'PR-FHIR'), 'utf8')).toBe(keyBefore);
      const reopened = await FileParticipantRegistry.open(other.path);
      expect(reopened.get('PR-FHIR')?.credentials.publicJwk?.x).toBe((JSON.parse(keyBefore) as { x: string }).x);
    } finally {
      await other.remove();
    }
  });
});

async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const sub of ['', 'pki', 'keys']) {
    for (const name of await readdir(join(root, sub))) {
      const path = join(root, sub, name);
      if ((await stat(path)).isFile()) out[join(sub, name)] = await readFile(path, 'utf8');
    }
  }
  return out;
}
