import { readFile, rm, writeFile } from 'node:fs/promises';
import { SignJWT, base64url, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDevelopment } from '../../src/security/init.js';
import { generatePrivateJwk } from '../../src/security/jwk.js';
import { FileParticipantRegistry } from '../../src/security/participants/file-registry.js';
import { participantKeyPath, securityPaths } from '../../src/security/paths.js';
import {
  ACCESS_TOKEN_SCOPE,
  CLIENT_ASSERTION_TYPE,
  LocalTokenError,
  TokenService,
  createClientAssertion,
  gatewayJwks,
  issueLocalToken,
  loadGatewayKeys,
  type GatewayKeys,
} from '../../src/security/tokens.js';
import { tempDir } from './temp-dir.js';

const AUDIENCE = 'https://wasl.example/auth/token';

describe('tokens', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let registry: FileParticipantRegistry;
  let gatewayKeys: GatewayKeys;
  let providerKey: JWK;
  let payerKey: JWK;

  const service = (options: { now?: () => number; ttl?: number; keys?: GatewayKeys } = {}) =>
    new TokenService({
      registry,
      gatewayKeys: options.keys ?? gatewayKeys,
      audience: [AUDIENCE],
      ...(options.ttl !== undefined ? { accessTokenTtlSeconds: options.ttl } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  const form = (clientAssertion: string, extra: Record<string, string> = {}) => ({
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: clientAssertion,
    ...extra,
  });
  const assertion = (extra: Partial<Parameters<typeof createClientAssertion>[0]> = {}) =>
    createClientAssertion({ licence: 'N-F-00001', privateJwk: providerKey, audience: AUDIENCE, ...extra });

  beforeAll(async () => {
    dir = await tempDir();
    await initDevelopment(dir.path);
    registry = await FileParticipantRegistry.open(dir.path);
    gatewayKeys = await loadGatewayKeys(dir.path);
    providerKey = JSON.parse(await readFile(participantKeyPath(dir.path, 'N-F-00001'), 'utf8')) as JWK;
    payerKey = JSON.parse(await readFile(participantKeyPath(dir.path, 'N-I-00001'), 'utf8')) as JWK;
  });
  afterAll(() => dir.remove());

  describe('exchange', () => {
    it('issues an ES256 access token for a valid assertion', async () => {
      const tokens = service();
      const result = await tokens.exchange(form(await assertion()));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: ACCESS_TOKEN_SCOPE });
      const header = decodeProtectedHeader(result.value.access_token);
      expect(header).toMatchObject({ alg: 'ES256', kid: gatewayKeys.signingKid, typ: 'at+jwt' });
      const claims = decodeJwt(result.value.access_token);
      expect(claims).toMatchObject({ sub: 'N-F-00001', role: 'provider', iss: 'NPHIES', scope: ACCESS_TOKEN_SCOPE });
      expect(claims.exp! - claims.iat!).toBe(300);
      expect(typeof claims.jti).toBe('string');
      expect(await tokens.verifyAccessToken(result.value.access_token)).toMatchObject({ ok: true, licence: 'N-F-00001', role: 'provider', participant: { status: 'active' } });
    });

    it('accepts the audience with or without a trailing slash and RS384 keys', async () => {
      expect((await service().exchange(form(await assertion({ audience: `${AUDIENCE}/` }))))).toMatchObject({ ok: true });
      const rsa = await generatePrivateJwk('RS384');
      const current = registry.get('INS-FHIR')!;
      const isolated = await tempDir();
      try {
        const other = await FileParticipantRegistry.open(isolated.path);
        await other.upsert({ ...current, credentials: { publicJwk: { kty: 'RSA', n: rsa.n!, e: rsa.e!, alg: 'RS384' } } });
        const tokens = new TokenService({ registry: other, gatewayKeys, audience: [`${AUDIENCE}/`] });
        const result = await tokens.exchange(form(await createClientAssertion({ licence: 'INS-FHIR', privateJwk: rsa, audience: AUDIENCE })));
        expect(result).toMatchObject({ ok: true });
        expect(decodeProtectedHeader((await createClientAssertion({ licence: 'INS-FHIR', privateJwk: rsa, audience: AUDIENCE }))).alg).toBe('RS384');
      } finally {
        await isolated.remove();
      }
    });

    it('refuses a wrong grant type or assertion type as INVALID_GRANT', async () => {
      const jwt = await assertion();
      expect(await service().exchange(form(jwt, { grant_type: 'authorization_code' }))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_GRANT', reason: expect.stringMatching(/grant_type/) });
      expect(await service().exchange(form(jwt, { client_assertion_type: 'urn:other' }))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_GRANT' });
      expect(await service().exchange({ grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE })).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_GRANT' });
      expect(await service().exchange({})).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_GRANT' });
    });

    it('refuses an unknown licence', async () => {
      const result = await service().exchange(form(await assertion({ licence: 'N-F-99999' })));
      expect(result).toEqual({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: 'unknown participant "N-F-99999"' });
    });

    it("refuses an assertion signed with another participant's key", async () => {
      const result = await service().exchange(form(await assertion({ privateJwk: payerKey })));
      expect(result).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/signature/) });
    });

    it('refuses a wrong audience', async () => {
      const result = await service().exchange(form(await assertion({ audience: 'https://evil.example/auth/token' })));
      expect(result).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/aud/) });
    });

    it('refuses an expired assertion and one that lives more than 5 minutes', async () => {
      const jwt = await assertion({ lifetimeSeconds: 60 });
      const later = service({ now: () => Date.now() + 120_000 });
      expect(await later.exchange(form(jwt))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/expired/) });
      const tooLong = await assertion({ lifetimeSeconds: 3600 });
      expect(await service().exchange(form(tooLong))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/5 minutes/) });
    });

    it('refuses a replayed jti', async () => {
      const tokens = service();
      const jwt = await assertion();
      expect(await tokens.exchange(form(jwt))).toMatchObject({ ok: true });
      expect(await tokens.exchange(form(jwt))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/jti/) });
    });

    it('refuses iss and sub that differ, and a client_id that is not the issuer', async () => {
      const key = await importJWK(providerKey, 'ES384');
      const now = Math.floor(Date.now() / 1000);
      const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES384' }).setIssuer('N-F-00001').setSubject('N-F-00002').setAudience(AUDIENCE).setExpirationTime(now + 60).setJti('x1').sign(key);
      expect(await service().exchange(form(jwt))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/iss and sub/) });
      expect(await service().exchange(form(await assertion(), { client_id: 'N-I-00001' }))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT' });
    });

    it('refuses assertions without exp or jti', async () => {
      const key = await importJWK(providerKey, 'ES384');
      const base = () => new SignJWT({}).setProtectedHeader({ alg: 'ES384' }).setIssuer('N-F-00001').setSubject('N-F-00001').setAudience(AUDIENCE);
      const noExp = await base().setJti('a').sign(key);
      const noJti = await base().setExpirationTime(Math.floor(Date.now() / 1000) + 60).sign(key);
      expect(await service().exchange(form(noExp))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/exp/) });
      expect(await service().exchange(form(noJti))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/jti/) });
    });

    it('refuses HS256 (with the public key as secret) and alg none', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: 'N-F-00001', sub: 'N-F-00001', aud: AUDIENCE, exp: now + 60, jti: 'forged' };
      const secret = new TextEncoder().encode(JSON.stringify(registry.get('N-F-00001')!.credentials.publicJwk));
      const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
      expect(await service().exchange(form(hs256))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/alg/) });
      const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(claims))}.`;
      expect(await service().exchange(form(none))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT', reason: expect.stringMatching(/alg/) });
      // ES256 is a real signature algorithm but not one the spec allows for assertions.
      const es256Key = await generatePrivateJwk('ES256');
      const es256 = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(await importJWK(es256Key, 'ES256'));
      expect(await service().exchange(form(es256))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT' });
    });

    it('refuses garbage; still identifies a blocked participant (the routes refuse it with GE-00030)', async () => {
      expect(await service().exchange(form('not.a.jwt'))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT' });
      expect(await service().exchange(form('x'.repeat(10_000)))).toMatchObject({ ok: false, code: 'WASL_ERR_INVALID_CLIENT' });
      const isolated = await tempDir();
      try {
        const other = await FileParticipantRegistry.open(isolated.path);
        await other.upsert({ ...registry.get('N-F-00001')!, status: 'blocked' });
        const tokens = new TokenService({ registry: other, gatewayKeys, audience: [AUDIENCE] });
        expect(await tokens.exchange(form(await assertion()))).toMatchObject({ ok: true });
      } finally {
        await isolated.remove();
      }
    });
  });

  describe('verifyAccessToken', () => {
    const accessToken = async (tokens: TokenService) => {
      const result = await tokens.exchange(form(await assertion()));
      if (!result.ok) throw new Error(result.reason);
      return result.value.access_token;
    };

    it('refuses a tampered token', async () => {
      const tokens = service();
      const token = await accessToken(tokens);
      const [h, p, s] = token.split('.') as [string, string, string];
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<string, unknown>;
      const forged = `${h}.${base64url.encode(JSON.stringify({ ...claims, sub: 'N-I-00001', role: 'payer' }))}.${s}`;
      expect(await tokens.verifyAccessToken(forged)).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED', reason: expect.stringMatching(/signature/) });
      const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(await tokens.verifyAccessToken(flipped)).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED' });
      expect(await tokens.verifyAccessToken('garbage')).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED' });
      expect(await tokens.verifyAccessToken('')).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED' });
    });

    it('refuses an expired token', async () => {
      let now = Date.now();
      const tokens = service({ now: () => now, ttl: 60 });
      const token = await accessToken(tokens);
      expect(await tokens.verifyAccessToken(token)).toMatchObject({ ok: true });
      now += 61_000;
      expect(await tokens.verifyAccessToken(token)).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED', reason: expect.stringMatching(/expired/) });
    });

    it('refuses a token signed by a different gateway key, with another kid or the same one', async () => {
      const otherDir = await tempDir();
      try {
        await initDevelopment(otherDir.path);
        const otherKeys = await loadGatewayKeys(otherDir.path);
        const foreign = await accessToken(service({ keys: otherKeys }));
        expect(await service().verifyAccessToken(foreign)).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED', reason: expect.stringMatching(/key this gateway does not hold/) });
        // An attacker who copies our kid still cannot produce our signature.
        const sameKid = await accessToken(service({ keys: { ...otherKeys, signingKid: gatewayKeys.signingKid } }));
        expect(await service().verifyAccessToken(sameKid)).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED', reason: expect.stringMatching(/signature/) });
      } finally {
        await otherDir.remove();
      }
    });

    it('refuses a wrong issuer, a client assertion used as a bearer token, and a removed participant', async () => {
      const wrongIssuer = await accessToken(service({ keys: { ...gatewayKeys, issuer: 'SOMEONE-ELSE' } }));
      expect(await service().verifyAccessToken(wrongIssuer)).toMatchObject({ ok: false, reason: expect.stringMatching(/iss/) });
      expect(await service().verifyAccessToken(await assertion())).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED' });

      const isolated = await tempDir();
      try {
        const other = await FileParticipantRegistry.open(isolated.path);
        await other.upsert(registry.get('N-F-00001')!);
        const tokens = new TokenService({ registry: other, gatewayKeys, audience: [AUDIENCE] });
        const token = await accessToken(tokens);
        expect(await tokens.verifyAccessToken(token)).toMatchObject({ ok: true });
        await other.setStatus('N-F-00001', 'blocked');
        expect(await tokens.verifyAccessToken(token)).toMatchObject({ ok: true, licence: 'N-F-00001' });
        const emptied = new TokenService({ registry: await FileParticipantRegistry.open((await tempDir()).path), gatewayKeys, audience: [AUDIENCE] });
        expect(await emptied.verifyAccessToken(token)).toMatchObject({ ok: false, code: 'WASL_ERR_UNAUTHENTICATED', reason: expect.stringMatching(/unknown participant/) });
      } finally {
        await isolated.remove();
      }
    });

    it('is fast enough for every request', async () => {
      const tokens = service();
      const token = await accessToken(tokens);
      const runs = 500;
      const started = performance.now();
      for (let i = 0; i < runs; i++) await tokens.verifyAccessToken(token);
      const perCallMs = (performance.now() - started) / runs;
      // Generous bound for a shared 2-core CI machine; locally it is well under 0.2 ms.
      expect(perCallMs).toBeLessThan(2);
    });
  });

  describe('issueLocalToken and the JWKS', () => {
    it('issues a token for a local participant that the gateway accepts', async () => {
      const token = await issueLocalToken(dir.path, 'N-I-00001');
      expect(await service().verifyAccessToken(token)).toMatchObject({ ok: true, licence: 'N-I-00001', role: 'payer' });
    });

    it('names the licence when there is no local key', async () => {
      const error = await issueLocalToken(dir.path, 'N-F-42424').catch((err: unknown) => err);
      expect(error).toBeInstanceOf(LocalTokenError);
      expect(error).toMatchObject({ code: 'WASL_ERR_NO_LOCAL_KEY', licence: 'N-F-42424' });
      expect((error as Error).message).toContain('"N-F-42424"');
      await expect(issueLocalToken(dir.path, '../gateway')).rejects.toThrow(LocalTokenError);
    });

    it('keeps accepting and publishing a rotated-out key', async () => {
      const rotated = await tempDir();
      try {
        await initDevelopment(rotated.path);
        const before = await loadGatewayKeys(rotated.path);
        const oldToken = await issueLocalToken(rotated.path, 'N-F-00002');
        const path = securityPaths(rotated.path).gatewayKeys;
        const file = JSON.parse(await readFile(path, 'utf8')) as { active: string; keys: JWK[] };
        const next = await generatePrivateJwk('ES256');
        await writeFile(path, JSON.stringify({ ...file, active: next.kid, keys: [...file.keys, next] }));

        const after = await loadGatewayKeys(rotated.path);
        expect(after.signingKid).toBe(next.kid);
        expect(gatewayJwks(after).keys.map((k) => k.kid)).toEqual([before.signingKid, next.kid]);
        const tokens = new TokenService({ registry: await FileParticipantRegistry.open(rotated.path), gatewayKeys: after, audience: [AUDIENCE] });
        expect(await tokens.verifyAccessToken(oldToken)).toMatchObject({ ok: true, licence: 'N-F-00002' });
        const newToken = await issueLocalToken(rotated.path, 'N-F-00002');
        expect(decodeProtectedHeader(newToken).kid).toBe(next.kid);
        expect(await tokens.verifyAccessToken(newToken)).toMatchObject({ ok: true });
      } finally {
        await rotated.remove();
      }
    });

    it('names the file and field of a broken gateway key file', async () => {
      const broken = await tempDir();
      try {
        await initDevelopment(broken.path);
        const path = securityPaths(broken.path).gatewayKeys;
        const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
        await writeFile(path, JSON.stringify({ ...file, active: 'no-such-kid' }));
        await expect(loadGatewayKeys(broken.path)).rejects.toThrow(`${path}: active: expected the kid of one of the keys`);
        await rm(path);
        await expect(loadGatewayKeys(broken.path)).rejects.toThrow(/missing: run `wasl init`/);
      } finally {
        await broken.remove();
      }
    });

    it('publishes only public gateway keys', () => {
      const jwks = gatewayJwks(gatewayKeys);
      expect(jwks.keys.map((k) => k.kid)).toEqual([gatewayKeys.signingKid]);
      for (const key of jwks.keys) expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    });
  });
});
