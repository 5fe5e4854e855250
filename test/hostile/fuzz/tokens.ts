/**
 * Bearer tokens the gateway must refuse, made once before the run: some signed with the
 * gateway's real key but broken in a claim (expired, a 10-year lifetime, issued in the future,
 * an unknown participant), some forged (alg none, another key, a tampered payload), some not
 * tokens at all.
 */
import { readFile } from 'node:fs/promises';
import { SignJWT, base64url, type JWK, importJWK } from 'jose';
import { loadGatewayKeys } from '../../../src/security/tokens.js';
import { participantKeyPath } from '../../../src/security/paths.js';

export async function forgeTokens(dataDir: string, real: string): Promise<{ kind: string; value: string }[]> {
  const keys = await loadGatewayKeys(dataDir);
  const now = Math.floor(Date.now() / 1000);
  const gatewaySigned = (claims: Record<string, unknown>, header: Record<string, unknown> = {}, iat = now, exp = now + 300) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: keys.signingKid, typ: 'at+jwt', ...header })
      .setIssuer(keys.issuer)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(keys.signingKey);
  const participantJwk = JSON.parse(await readFile(participantKeyPath(dataDir, 'N-F-00001'), 'utf8')) as JWK;
  const participantKey = await importJWK(participantJwk, 'ES384');
  const [head, payload, signature] = real.split('.') as [string, string, string];
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
  const tampered = base64url.encode(JSON.stringify({ ...claims, sub: 'N-F-00003' }));
  const noneHeader = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
  return [
    { kind: 'expired', value: await gatewaySigned({ sub: 'N-F-00001', role: 'provider' }, {}, now - 900, now - 600) },
    { kind: 'ten-year', value: await gatewaySigned({ sub: 'N-F-00001', role: 'provider' }, {}, now, now + 10 * 365 * 86400) },
    { kind: 'future-iat', value: await gatewaySigned({ sub: 'N-F-00001' }, {}, now + 3600, now + 3700) },
    { kind: 'unknown-sub', value: await gatewaySigned({ sub: 'N-F-99999', role: 'provider' }) },
    { kind: 'numeric-sub', value: await gatewaySigned({ sub: 12345 as unknown as string }) },
    { kind: 'no-typ', value: await gatewaySigned({ sub: 'N-F-00001' }, { typ: 'JWT' }) },
    { kind: 'gateway-as-sub', value: await gatewaySigned({ sub: keys.issuer }) },
    { kind: 'participant-signed', value: await new SignJWT({ sub: 'N-F-00001' }).setProtectedHeader({ alg: 'ES384', kid: keys.signingKid, typ: 'at+jwt' }).setIssuer(keys.issuer).setIssuedAt(now).setExpirationTime(now + 60).sign(participantKey) },
    { kind: 'tampered-sub', value: `${head}.${tampered}.${signature}` },
    { kind: 'alg-none', value: `${noneHeader}.${payload}.` },
    { kind: 'no-signature', value: `${head}.${payload}.` },
    { kind: 'two-segments', value: `${head}.${payload}` },
    { kind: 'signature-flipped', value: `${head}.${payload}.${signature.slice(0, -2)}${signature.endsWith('A') ? 'BB' : 'AA'}` },
    { kind: 'over-long', value: `${head}.${payload}${'A'.repeat(9000)}.${signature}` },
    { kind: 'garbage', value: 'not-a-token' },
    { kind: 'dots', value: '...' },
    { kind: 'json', value: '{"sub":"N-F-00001"}' },
    { kind: 'huge', value: 'x'.repeat(60_000) },
  ];
}
