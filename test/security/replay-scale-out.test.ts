/**
 * A client assertion may be exchanged once (SMART Backend Services `jti`), across the whole hub:
 * two gateway instances over one Redis share the replay guard, so an assertion replayed to the
 * other instance is refused there too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientAssertion } from '../../src/security/tokens.js';
import { participantKeyPath } from '../../src/security/paths.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';

const HUB = 'http://hub.example';

describe('client assertion replay across instances', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-replay-'));
  let redis: TestRedisServer | undefined;
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    // One public URL for the hub, as behind a load balancer: both accept the same token audience.
    const env = { WASL_REDIS_URL: redis.url, WASL_PUBLIC_URL: HUB };
    gateways.push(await startTestGateway(env, dataDir));
    gateways.push(await startTestGateway(env, dataDir));
  });
  afterAll(async () => {
    await Promise.allSettled(gateways.map((g) => g.stop()));
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function exchange(gateway: TestGateway, assertion: string): Promise<{ status: number; json: any }> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: 'system/*.write',
    }).toString();
    return gateway.post('/auth/token', body, { 'content-type': 'application/x-www-form-urlencoded' });
  }

  it('an assertion exchanged on A is refused on B (and on A again); a fresh one works on B', async () => {
    const privateJwk = JSON.parse(readFileSync(participantKeyPath(dataDir, 'N-F-00001'), 'utf8'));
    const assertion = await createClientAssertion({ licence: 'N-F-00001', privateJwk, audience: `${HUB}/auth/token` });
    const [a, b] = gateways as [TestGateway, TestGateway];
    const first = await exchange(a, assertion);
    expect(first.status).toBe(200);
    expect(typeof first.json.access_token).toBe('string');
    for (const target of [b, a]) {
      const replay = await exchange(target, assertion);
      expect(replay.status).toBe(401);
      expect(JSON.stringify(replay.json)).toMatch(/jti/);
    }
    const fresh = await createClientAssertion({ licence: 'N-F-00001', privateJwk, audience: `${HUB}/auth/token` });
    expect((await exchange(b, fresh)).status).toBe(200);
  });
});
