/**
 * Issue 13, "what it must show": onboarding a participant and changing its delivery mode through
 * the admin API take effect on two instances over one Redis without a restart. A hospital added
 * on A submits on B; blocked on A it is refused on B; a payer switched from poll to push on A is
 * pushed to by whichever instance delivers. Both instances also hear changes without the signal
 * (the once-a-second version check).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDevelopment } from '../../../src/security/init.js';
import { RedisStore } from '../../../src/store/redis/redis-store.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';
import { admin, clientOf, eligibilityFrom, eventually, newProvider } from './onboarding.js';

const PATH = '/admin/participants';

describe('participants managed on one instance take effect on another over one Redis, without a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-participants-scale-'));
  let redis: TestRedisServer | undefined;
  let a: TestGateway | undefined;
  let b: TestGateway | undefined;
  let payerEndpoint: Server | undefined;
  const pushed: string[] = [];
  let adminToken = '';

  beforeAll(async () => {
    redis = await startRedisServer();
    await initDevelopment(dataDir);
    const env = { WASL_REDIS_URL: redis.url, WASL_SYNC_WINDOW_MS: '20', WASL_PUSH_SWEEP_MS: '200' };
    // Both start at once on an empty Redis: participants.json is imported exactly once.
    [a, b] = await Promise.all([startTestGateway(env, dataDir), startTestGateway(env, dataDir)]);
    adminToken = await (await a.client('ADMIN-1')).token();
    payerEndpoint = createServer(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      pushed.push((JSON.parse(body) as { id: string }).id);
      response.writeHead(202).end();
    });
    await new Promise<void>((resolve) => payerEndpoint!.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    payerEndpoint?.closeAllConnections();
    await new Promise((resolve) => payerEndpoint?.close(resolve) ?? resolve(undefined));
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports participants.json once although both instances started on an empty Redis', async () => {
    const entries = await a!.gateway.store.readLedger(1, 1000);
    const imported = entries.filter((e) => e.kind === 'participant').map((e) => JSON.parse(e.body).subject as string);
    expect(imported.filter((licence) => licence === 'N-F-00001')).toHaveLength(1);
    expect(a!.gateway.registry.list().map((p) => p.licence)).toEqual(b!.gateway.registry.list().map((p) => p.licence));
  });

  it('a hospital onboarded on A submits on B; blocked on A it is refused on B; unblocked it is back', async () => {
    const hospital = await newProvider('N-F-07001');
    expect((await admin(a!.url, adminToken, 'POST', PATH, hospital.record)).status).toBe(201);
    const onB = clientOf(b!.url, hospital);
    const seenAfterMs = await eventually(async () => expect(b!.gateway.registry.get('N-F-07001')).toBeDefined());
    expect((await onB.send(eligibilityFrom('N-F-07001'))).status).toBe(200);

    expect((await admin(a!.url, adminToken, 'POST', `${PATH}/N-F-07001/$block`)).status).toBe(200);
    await eventually(async () => {
      const refused = await onB.send(eligibilityFrom('N-F-07001'));
      expect(refused.status).toBe(403);
      expect((refused.json as any).issue[0].details.coding[0].code).toBe('GE-00030');
    });
    expect((await admin(b!.url, adminToken, 'POST', `${PATH}/N-F-07001/$unblock`)).status).toBe(200);
    await eventually(async () => expect(a!.gateway.registry.get('N-F-07001')?.status).toBe('active'));
    expect((await clientOf(a!.url, hospital).send(eligibilityFrom('N-F-07001'))).status).toBe(200);
    // The signal, not the once-a-second check, carried it (a hint: the bound is generous on a loaded box).
    expect(seenAfterMs).toBeLessThan(1500);
  });

  it('a payer switched from poll to push on A is pushed to, whichever instance accepts the message', async () => {
    const endpoint = `http://127.0.0.1:${(payerEndpoint!.address() as AddressInfo).port}/wasl`;
    const changed = await admin(a!.url, adminToken, 'PATCH', `${PATH}/N-I-00001`, { delivery: { mode: 'push', endpoint } });
    expect(changed.status).toBe(200);
    await eventually(async () => expect(b!.gateway.registry.get('N-I-00001')?.delivery).toEqual({ mode: 'push', endpoint }));
    const message = eligibilityFrom('N-F-00001');
    expect((await (await b!.client('N-F-00001')).send(message)).status).toBe(200);
    await eventually(async () => expect(pushed).toContain(message.id), 5000);
  });

  it('an instance that misses the signal still follows the change within about a second (the version check)', async () => {
    // A change written straight to the store, as an offline command does, announced to no one.
    const store = await RedisStore.connect({ url: redis!.url });
    try {
      const current = b!.gateway.registry.get('N-F-00002')!;
      const json = JSON.stringify(current);
      const written = await store.putParticipant({ licence: 'N-F-00002', json: JSON.stringify({ ...current, limits: { requestsPerMinute: 77 } }) }, { when: 'unchanged', json }, 'limits.requestsPerMinute none -> 77');
      expect(written.ok).toBe(true);
    } finally {
      await store.close();
    }
    const ms = await eventually(async () => {
      expect(a!.gateway.registry.get('N-F-00002')?.limits).toEqual({ requestsPerMinute: 77 });
      expect(b!.gateway.registry.get('N-F-00002')?.limits).toEqual({ requestsPerMinute: 77 });
    });
    expect(ms).toBeLessThan(2500);
  });
});
