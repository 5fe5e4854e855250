/**
 * Gateway key rotation and the key ring that follows the key file (issue 11, item 4), with real
 * keys in a temporary data directory. Rotation by another process is covered in test/cli/keys-verify.test.ts.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayKeyRing } from '../../src/security/gateway-key-ring.js';
import { initDevelopment } from '../../src/security/init.js';
import { listGatewayKeys, rotateGatewayKey, type KeyRotation } from '../../src/security/key-rotation.js';
import { verifyDetached } from '../../src/security/message-verification.js';
import { securityPaths } from '../../src/security/paths.js';

const dirs: string[] = [];
async function initialised(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-keys-'));
  dirs.push(dir);
  await initDevelopment(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const message = '{"resourceType":"Bundle","id":"signed-before-rotation"}';

describe('rotateGatewayKey', () => {
  it('appends an active key, keeps the old ones, and calls onRotated once the file is written', async () => {
    const dir = await initialised();
    const [original] = await listGatewayKeys(dir);
    expect(original).toMatchObject({ alg: 'ES256', active: true });
    const seen: KeyRotation[] = [];
    const rotation = await rotateGatewayKey(dir, { onRotated: async (r) => void seen.push(r) });
    expect(rotation.previous).toBe(original!.kid);
    expect(rotation.kid).not.toBe(original!.kid);
    expect(seen).toEqual([rotation]);
    expect(await listGatewayKeys(dir)).toEqual([
      { kid: original!.kid, alg: 'ES256', active: false },
      { kid: rotation.kid, alg: 'ES256', active: true },
    ]);
    expect(statSync(securityPaths(dir).gatewayKeys).mode & 0o777).toBe(0o600);
  });

  it('concurrent rotations never lose a key: each appends or is refused while the other holds the lock', async () => {
    const dir = await initialised();
    const results = await Promise.allSettled([rotateGatewayKey(dir), rotateGatewayKey(dir), rotateGatewayKey(dir)]);
    const done = results.filter((r) => r.status === 'fulfilled').length;
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/another key rotation is in progress/);
    expect(await listGatewayKeys(dir)).toHaveLength(1 + done);
  });
});

describe('GatewayKeyRing', () => {
  it('after a rotation: new signatures name the new kid, and a message signed before still verifies with the new JWKS', async () => {
    const dir = await initialised();
    const changes: unknown[] = [];
    const ring = await GatewayKeyRing.open(dir, { checkIntervalMs: 0, onChanged: (c) => changes.push(c) });
    try {
      const oldKid = ring.signer.kid;
      const before = ring.signer.sign(message);
      const jwksBefore = ring.jwks;
      expect(verifyDetached(before, message, jwksBefore)).toMatchObject({ ok: true, kid: oldKid });
      expect(await ring.refresh()).toBe(false);
      expect(ring.jwks).toBe(jwksBefore);

      const rotation = await rotateGatewayKey(dir);
      expect(await ring.refresh()).toBe(true);
      expect(changes).toEqual([{ previousKid: oldKid, kid: rotation.kid }]);
      expect(ring.signer.kid).toBe(rotation.kid);
      expect(ring.keys.signingKid).toBe(rotation.kid);
      expect(ring.jwks.keys.map((k) => k.kid)).toEqual([oldKid, rotation.kid]);
      expect(ring.jwks.keys.every((k) => k.d === undefined)).toBe(true);

      const after = ring.signer.sign(message);
      expect(verifyDetached(after, message, ring.jwks)).toMatchObject({ ok: true, kid: rotation.kid });
      expect(verifyDetached(before, message, ring.jwks)).toMatchObject({ ok: true, kid: oldKid });
      // The JWKS from before the rotation does not know the new key: a client refetches on that code.
      expect(verifyDetached(after, message, jwksBefore)).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY' });
    } finally {
      ring.close();
    }
  });

  it('refuses a data directory without keys with the init hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wasl-keys-'));
    dirs.push(dir);
    await expect(GatewayKeyRing.open(dir)).rejects.toThrow(/missing: run `wasl init`/);
  });

  it('follows the file by itself within the check interval', async () => {
    const dir = await initialised();
    const ring = await GatewayKeyRing.open(dir, { checkIntervalMs: 50 });
    try {
      const rotation = await rotateGatewayKey(dir);
      await expect.poll(() => ring.signer.kid, { timeout: 5000, interval: 20 }).toBe(rotation.kid);
    } finally {
      ring.close();
    }
  });

  it('keeps the last good keys when the file becomes malformed, and reports it', async () => {
    const dir = await initialised();
    const problems: unknown[] = [];
    const ring = await GatewayKeyRing.open(dir, { checkIntervalMs: 0, onError: (p) => problems.push(p) });
    try {
      const kid = ring.signer.kid;
      writeFileSync(securityPaths(dir).gatewayKeys, '{"version":1}');
      expect(await ring.refresh()).toBe(false);
      expect(ring.signer.kid).toBe(kid);
      expect(String(problems[0])).toMatch(/licence/);
      expect(await ring.refresh()).toBe(false);
      expect(problems).toHaveLength(1);
    } finally {
      ring.close();
    }
  });
});
