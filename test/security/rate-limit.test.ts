/**
 * Issue 9, item 10: rate limits (SPEC section 4: 429 with `Retry-After`). A participant over its
 * `limits.requestsPerMinute` is refused on every authenticated route with a coded OperationOutcome
 * while another participant is served; the token endpoint has its own budgets per claimed client
 * and per address; over Redis two instances spend one budget. The counters themselves are checked
 * on both adapters (memory and a real redis-server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPollRequest } from '../../src/client/poll-request.js';
import { initDevelopment } from '../../src/security/init.js';
import { FileParticipantRegistry } from '../../src/security/participants/file-registry.js';
import { participantKeyPath } from '../../src/security/paths.js';
import { RateLimiter } from '../../src/security/rate-limit.js';
import { CLIENT_ASSERTION_TYPE, createClientAssertion } from '../../src/security/tokens.js';
import { MemoryRateCounter } from '../../src/store/embedded/rate-counter.js';
import { openRedisBackend, type RedisBackend } from '../../src/store/redis/index.js';
import { RedisRateCounter } from '../../src/store/redis/rate-counter.js';
import type { RateCounter } from '../../src/store/rate-counter.js';
import { startTestGateway, useTestGateway, type TestGateway } from '../support/gateway.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { sample } from '../support/samples.js';

const FHIR = 'application/fhir+json';
const CLAIM = sample('7a-claim-dental-request.json').text;

interface Reply {
  status: number;
  json: any;
  headers: Headers;
}

async function call(url: string, method: string, path: string, token: string, body?: string): Promise<Reply> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': FHIR }) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

function expectLimited(reply: Reply): void {
  expect(reply.status).toBe(429);
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(reply.json.resourceType).toBe('OperationOutcome');
  expect(reply.json.issue[0].code).toBe('throttled');
  expect(reply.json.issue[0].details.coding[0].code).toBe('WASL_ERR_RATE_LIMITED');
}

/** A new poll-request of a provider on its own queue (new ids each time). */
function poll(licence: string): string {
  return JSON.stringify(buildPollRequest({ licence, role: 'provider', count: 1 }));
}

function counterContract(name: string, make: () => RateCounter) {
  describe(`${name} rate counter`, () => {
    it('counts hits in a window, shares it between callers and starts again when it ends', async () => {
      const counter = make();
      const key = `k-${Math.random()}`;
      const first = await counter.hit(key, 300);
      expect(first.count).toBe(1);
      expect(first.resetAt).toBeGreaterThan(Date.now());
      expect(first.resetAt).toBeLessThanOrEqual(Date.now() + 300 + 50);
      const hits = await Promise.all(Array.from({ length: 9 }, () => counter.hit(key, 300)));
      expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect((await counter.hit(`other-${key}`, 300)).count).toBe(1);
      await new Promise((r) => setTimeout(r, 400));
      expect((await counter.hit(key, 300)).count).toBe(1);
    });
  });
}

counterContract('memory', () => new MemoryRateCounter());

describe('over Redis', () => {
  let redis: TestRedisServer | undefined;
  let backend: RedisBackend | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
    backend = await openRedisBackend({ url: redis.url, prefix: 'rate-test:' });
  });
  afterAll(async () => {
    await backend?.close();
    await redis?.stop();
  });
  counterContract('Redis', () => new RedisRateCounter(backend!.store.client, 'rate-test:'));

  it('a stopped Redis is a StoreUnavailableError (503 upstream), not an allowed request', async () => {
    const isolated = await startRedisServer();
    const other = await openRedisBackend({ url: isolated.url, commandTimeoutMs: 500 });
    try {
      const counter = new RedisRateCounter(other.store.client, 'x:');
      expect((await counter.hit('k', 1000)).count).toBe(1);
      await isolated.kill();
      await expect(counter.hit('k', 1000)).rejects.toMatchObject({ code: 'WASL_ERR_STORE_UNAVAILABLE' });
    } finally {
      await other.close();
      await isolated.stop();
    }
  });
});

describe('RateLimiter', () => {
  it("applies the participant's own limit, else the default, and says when to retry", async () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(new MemoryRateCounter({ now: () => now }), { participantPerMinute: 3, tokenPerClientPerMinute: 1, tokenPerAddressPerMinute: 1, authFailuresPerAddressPerMinute: 1, refusalDelayMs: 0 }, { now: () => now });
    for (let i = 0; i < 3; i++) expect((await limiter.participant('A', {})).ok).toBe(true);
    now += 15_500;
    expect(await limiter.participant('A', {})).toEqual({ ok: false, limit: 3, retryAfterSeconds: 45 });
    expect((await limiter.participant('B', { requestsPerMinute: 5 })).ok).toBe(true);
    now += 45_000;
    expect((await limiter.participant('A', {})).ok).toBe(true);
    // Separate budgets: a participant's requests do not spend its token budget.
    expect((await limiter.tokenClient('A')).ok).toBe(true);
    expect((await limiter.tokenClient('A')).ok).toBe(false);
    expect((await limiter.tokenAddress('127.0.0.1')).ok).toBe(true);
  });
});

describe('per-participant limits on the authenticated routes (embedded store)', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '20', WASL_RATE_LIMIT_DELAY_MS: '300' });

  it('after its requestsPerMinute, a provider gets 429 + Retry-After on $process-message, $validate and Subscription; another provider is served', async () => {
    const limited = gw.gateway.registry.get('N-F-00001')!;
    await gw.gateway.registry.upsert({ ...limited, limits: { requestsPerMinute: 4 } });
    const token = await (await gw.client('N-F-00001')).token();
    expect((await call(gw.url, 'POST', '/$process-message', token, poll('N-F-00001'))).status).toBe(200); // 1
    expect((await call(gw.url, 'POST', '/$validate', token, CLAIM)).status).toBe(200); // 2
    expect((await call(gw.url, 'GET', '/Subscription', token)).status).toBe(200); // 3
    expect((await call(gw.url, 'POST', '/fhir/$process-message', token, poll('N-F-00001'))).status).toBe(200); // 4

    // A refusal is held for WASL_RATE_LIMIT_DELAY_MS: a client resending at once is slowed down.
    const started = performance.now();
    expectLimited(await call(gw.url, 'POST', '/$process-message', token, poll('N-F-00001')));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expectLimited(await call(gw.url, 'POST', '/$validate', token, CLAIM));
    expectLimited(await call(gw.url, 'POST', '/fhir/$validate', token, CLAIM));
    expectLimited(await call(gw.url, 'GET', '/Subscription', token));
    expectLimited(await call(gw.url, 'POST', '/Subscription', token, '{}'));

    const other = await (await gw.client('N-F-00002')).token();
    for (let i = 0; i < 6; i++) expect((await call(gw.url, 'POST', '/$validate', other, CLAIM)).status).toBe(200);
  });

  it('unauthenticated requests are refused (401) before they count against anyone', async () => {
    const reply = await call(gw.url, 'POST', '/$validate', 'not-a-token', CLAIM);
    expect(reply.status).toBe(401);
  });
});

describe('failed authentications per address', () => {
  const gw = useTestGateway({ WASL_AUTH_FAILURES_PER_IP_PER_MINUTE: '3', WASL_RATE_LIMIT_DELAY_MS: '0' });

  it('after 3 failed authentications from one address, the next is 429 instead of 401; a valid token still passes', async () => {
    const valid = await (await gw.client('N-F-00001')).token();
    const forged = `${valid.slice(0, -4)}AAAA`;
    expect((await call(gw.url, 'POST', '/$validate', forged, CLAIM)).status).toBe(401);
    expect((await call(gw.url, 'GET', '/Subscription', 'garbage')).status).toBe(401);
    expect((await fetch(`${gw.url}/$process-message`, { method: 'POST', headers: { 'content-type': FHIR }, body: CLAIM })).status).toBe(401);
    expectLimited(await call(gw.url, 'POST', '/$validate', forged, CLAIM));
    expectLimited(await call(gw.url, 'GET', '/metrics', 'garbage'));
    expect((await call(gw.url, 'POST', '/$validate', valid, CLAIM)).status).toBe(200);
  });
});

describe('the token endpoint', () => {
  const gw = useTestGateway({ WASL_TOKEN_RATE_LIMIT_PER_MINUTE: '3', WASL_TOKEN_RATE_LIMIT_PER_IP_PER_MINUTE: '8', WASL_RATE_LIMIT_DELAY_MS: '0' });

  async function tokenRequest(licence: string | undefined, extra: Record<string, string> = {}): Promise<Reply> {
    const form: Record<string, string> = { grant_type: 'client_credentials', client_assertion_type: CLIENT_ASSERTION_TYPE, ...extra };
    if (licence !== undefined) {
      const privateJwk = JSON.parse(await readFile(participantKeyPath(gw.dataDir, licence), 'utf8')) as JWK;
      form.client_assertion = await createClientAssertion({ licence, privateJwk, audience: `${gw.url}/auth/token` });
    }
    const response = await fetch(`${gw.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
    const text = await response.text();
    return { status: response.status, json: JSON.parse(text), headers: response.headers };
  }

  it('per claimed client (before any signature is checked), then per address', async () => {
    for (let i = 0; i < 3; i++) expect((await tokenRequest('N-F-00001')).status).toBe(200);
    const limited = await tokenRequest('N-F-00001');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.json).toMatchObject({ error: 'temporarily_unavailable', code: 'WASL_ERR_RATE_LIMITED' });
    // The same budget whatever the claim says: a client_id naming it, with a bad assertion.
    expect((await tokenRequest(undefined, { client_id: 'N-F-00001', client_assertion: 'x.y.z' })).status).toBe(429);
    // Another client still gets its token: 6 requests from this address so far.
    expect((await tokenRequest('N-F-00002')).status).toBe(200);
    expect((await tokenRequest(undefined)).status).toBe(400); // 7: no assertion, no client id
    expect((await tokenRequest(undefined)).status).toBe(400); // 8
    const flood = await tokenRequest('N-F-00003'); // 9: over the address budget
    expect(flood.status).toBe(429);
    expect(flood.json).toMatchObject({ code: 'WASL_ERR_RATE_LIMITED', error_description: expect.stringMatching(/address/) });
  });
});

describe('two instances over one Redis share a participant budget', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-rate-scale-'));
  let redis: TestRedisServer | undefined;
  let a: TestGateway | undefined;
  let b: TestGateway | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    await initDevelopment(dataDir);
    // Both instances read the limit from the shared registry file at start.
    const registry = await FileParticipantRegistry.open(dataDir);
    await registry.upsert({ ...registry.get('N-F-00003')!, limits: { requestsPerMinute: 6 } });
    const env = { WASL_REDIS_URL: redis.url, WASL_SYNC_WINDOW_MS: '20' };
    a = await startTestGateway(env, dataDir);
    b = await startTestGateway(env, dataDir);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('six requests spread over A and B are served, the seventh is 429 on either; another participant is served on both', async () => {
    const token = await (await a!.client('N-F-00003')).token();
    for (let i = 0; i < 6; i++) expect((await call(i % 2 === 0 ? a!.url : b!.url, 'POST', '/$validate', token, CLAIM)).status).toBe(200);
    expectLimited(await call(a!.url, 'POST', '/$validate', token, CLAIM));
    expectLimited(await call(b!.url, 'GET', '/Subscription', token));
    const other = await (await b!.client('N-F-00001')).token();
    expect((await call(a!.url, 'POST', '/$validate', other, CLAIM)).status).toBe(200);
    expect((await call(b!.url, 'POST', '/$validate', other, CLAIM)).status).toBe(200);
  });
});

