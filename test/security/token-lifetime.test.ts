/**
 * Issue 9, item 12: token lifetimes. The gateway issues access tokens for 300 s (SMART Backend
 * Services); one signed with its own key but living longer (10 years), issued in the future, or
 * without iat/exp is refused with the coded 401. A client assertion may not live more than
 * 5 minutes (SMART: exp no more than five minutes in the future), measured as exp - iat too.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SignJWT, importJWK, type JWK, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { GATEWAY_ALGORITHM, loadGatewayKeys } from '../../src/security/gateway-keys.js';
import { participantKeyPath } from '../../src/security/paths.js';
import { ACCESS_TOKEN_SCOPE, CLIENT_ASSERTION_TYPE } from '../../src/security/tokens.js';
import { useTestGateway } from '../support/gateway.js';
import { sample } from '../support/samples.js';

const YEAR_S = 365 * 24 * 3600;

describe('token lifetimes', () => {
  const gw = useTestGateway();

  /** An access token exactly as src/security/tokens.ts signs one, with the claims given. */
  async function gatewaySigned(claims: { iat?: number; exp?: number }): Promise<string> {
    const keys = await loadGatewayKeys(gw.dataDir);
    const jwt = new SignJWT({ role: 'provider', scope: ACCESS_TOKEN_SCOPE } as JWTPayload)
      .setProtectedHeader({ alg: GATEWAY_ALGORITHM, kid: keys.signingKid, typ: 'at+jwt' })
      .setIssuer(keys.issuer)
      .setSubject('N-F-00001')
      .setJti(randomUUID());
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
    return jwt.sign(keys.signingKey);
  }

  async function validateWith(token: string): Promise<{ status: number; code: string | undefined; diagnostics: string | undefined }> {
    const response = await fetch(`${gw.url}/$validate`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' }, body: sample('7a-claim-dental-request.json').text });
    const body = (await response.json()) as any;
    return { status: response.status, code: body.issue?.[0]?.details?.coding?.[0]?.code, diagnostics: body.issue?.[0]?.diagnostics };
  }

  it('a gateway-signed token valid for 10 years is refused: 401 WASL_ERR_UNAUTHENTICATED', async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = await validateWith(await gatewaySigned({ iat: now, exp: now + 10 * YEAR_S }));
    expect(refused).toMatchObject({ status: 401, code: 'WASL_ERR_UNAUTHENTICATED', diagnostics: expect.stringMatching(/lifetime/) });
    // The same key and claims with the lifetime the gateway issues: accepted.
    expect((await validateWith(await gatewaySigned({ iat: now, exp: now + 300 }))).status).toBe(200);
  });

  it('refuses a short token issued in the future, and one without iat', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await validateWith(await gatewaySigned({ iat: now + YEAR_S, exp: now + YEAR_S + 300 }))).toMatchObject({ status: 401, code: 'WASL_ERR_UNAUTHENTICATED', diagnostics: expect.stringMatching(/future/) });
    expect(await validateWith(await gatewaySigned({ exp: now + 300 }))).toMatchObject({ status: 401, code: 'WASL_ERR_UNAUTHENTICATED' });
  });

  it('refuses a client assertion living more than 5 minutes (exp - iat), and one whose exp is more than 5 minutes ahead', async () => {
    const privateJwk = JSON.parse(await readFile(participantKeyPath(gw.dataDir, 'N-F-00001'), 'utf8')) as JWK;
    const key = await importJWK(privateJwk, 'ES384');
    const assertion = (iat: number, exp: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: privateJwk.kid! })
        .setIssuer('N-F-00001')
        .setSubject('N-F-00001')
        .setAudience(`${gw.url}/auth/token`)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(randomUUID())
        .sign(key);
    const exchange = async (clientAssertion: string) => {
      const response = await fetch(`${gw.url}/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: clientAssertion }),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const now = Math.floor(Date.now() / 1000);
    // exp is only four minutes ahead, but the assertion claims to have been made an hour ago.
    expect(await exchange(await assertion(now - 3600, now + 240))).toMatchObject({ status: 401, body: { error: 'invalid_client', code: 'WASL_ERR_INVALID_CLIENT', error_description: expect.stringMatching(/lifetime/) } });
    expect(await exchange(await assertion(now, now + 3600))).toMatchObject({ status: 401, body: { code: 'WASL_ERR_INVALID_CLIENT', error_description: expect.stringMatching(/5 minutes/) } });
    expect((await exchange(await assertion(now, now + 300))).status).toBe(200);
  });
});
