/**
 * Redis going away under a running gateway (SPEC section 10), seen from its clients: while Redis
 * is down every `$process-message` is answered 503 with Retry-After and a coded OperationOutcome
 * (never 500, never a hang) and `/readyz` says 503; once Redis is back, traffic resumes without
 * restarting the gateway, every message answered 200 before the outage is delivered, and a
 * message answered 503 was either not recorded at all or recorded whole (record and queue entry),
 * in which case its resend is recognised instead of being queued a second time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPollRequest } from '../../src/client/poll-request.js';
import { focalOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { fresh, sample } from '../support/samples.js';

const PROVIDER = 'N-F-00003';
const PAYER = 'N-I-00001';
/** A request still unanswered after this long counts as hung (the Redis command timeout is 5 s). */
const HANG_LIMIT_MS = 8000;

interface Submitted {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly json: any;
}

/** POSTs one message with a bearer token; a hang beyond the limit rejects instead of stalling the test. */
async function submit(url: string, token: string, message: string | Record<string, unknown>): Promise<Submitted> {
  const response = await fetch(`${url}/$process-message`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}` },
    body: typeof message === 'string' ? message : JSON.stringify(message),
    signal: AbortSignal.timeout(HANG_LIMIT_MS),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), json: await response.json() };
}

/** Is this the gateway's answer for "store unavailable": 503, Retry-After, one coded issue? */
function isStoreUnavailable(reply: Submitted): boolean {
  return (
    reply.status === 503 &&
    Number(reply.retryAfter) > 0 &&
    reply.json?.resourceType === 'OperationOutcome' &&
    JSON.stringify(reply.json.issue?.map((issue: any) => issue.details?.coding?.[0]?.code)) === '["WASL_ERR_STORE_UNAVAILABLE"]'
  );
}

function expectStoreUnavailable(reply: Submitted): void {
  expect(isStoreUnavailable(reply), JSON.stringify(reply)).toBe(true);
}

async function readyStatus(url: string): Promise<number> {
  return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(HANG_LIMIT_MS) })).status;
}

describe('Redis stopped under a running gateway, seen over HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-outage-'));
  let redis: TestRedisServer | undefined;
  let gw: TestGateway | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    gw = await startTestGateway({ WASL_REDIS_URL: redis.url, WASL_SYNC_WINDOW_MS: '50', WASL_LEASE_MS: '60000' }, dataDir);
  });
  afterAll(async () => {
    await gw?.stop();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 + Retry-After while Redis is down, resumes by itself, and loses or doubles nothing', async () => {
    const server = redis as TestRedisServer;
    const { url, gateway } = gw as TestGateway;
    const provider = await (gw as TestGateway).client(PROVIDER);
    const payer = await (gw as TestGateway).client(PAYER);
    // Tokens are checked without the store, but fetching them is not what this test is about.
    const providerToken = await provider.token();
    const payerToken = await payer.token();

    // A steady stream of claims from several clients at once, through the whole outage.
    const accepted = new Set<string>();
    const unavailable = new Map<string, string>();
    const unexpected: string[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    let acceptedAfter = 0;
    let streaming = true;
    const worker = async (): Promise<void> => {
      while (streaming) {
        const message = fresh(sample('7a-claim-dental-request.json').json);
        const text = JSON.stringify(message);
        let reply: Submitted;
        try {
          reply = await submit(url, providerToken, text);
        } catch (failure) {
          unexpected.push(`no answer: ${String(failure)}`);
          continue;
        }
        if (reply.status === 200 && focalOf(reply.json)?.outcome === 'queued') {
          accepted.add(message.id);
          if (phase === 'after') acceptedAfter += 1;
        } else if (isStoreUnavailable(reply)) {
          unavailable.set(message.id, text);
          // A real client would wait Retry-After; a short pause keeps the stream going without spinning.
          await new Promise((resolve) => setTimeout(resolve, 20));
        } else {
          unexpected.push(`${reply.status}: ${JSON.stringify(reply.json).slice(0, 300)}`);
        }
      }
    };
    const stream = Promise.all(Array.from({ length: 4 }, worker));
    try {
      await vi.waitFor(() => expect(accepted.size).toBeGreaterThanOrEqual(30), { timeout: 20_000, interval: 10 });
      await server.kill();
      phase = 'down';
      await vi.waitFor(() => expect(unavailable.size).toBeGreaterThanOrEqual(10), { timeout: HANG_LIMIT_MS, interval: 10 });

      // While Redis is down: not ready, and every kind of message, polls included, is a coded 503.
      expect(await readyStatus(url)).toBe(503);
      expectStoreUnavailable(await submit(url, providerToken, fresh(sample('7a-claim-dental-request.json').json)));
      expectStoreUnavailable(await submit(url, payerToken, buildPollRequest({ licence: PAYER, role: 'payer', count: 10 })));

      await server.restart();
      phase = 'after';
      // Nobody restarts the gateway: its connections come back by themselves.
      await vi.waitFor(async () => expect(await readyStatus(url)).toBe(200), { timeout: HANG_LIMIT_MS, interval: 50 });
      await vi.waitFor(() => expect(acceptedAfter).toBeGreaterThanOrEqual(10), { timeout: HANG_LIMIT_MS, interval: 10 });
    } finally {
      streaming = false;
      await stream;
    }
    expect(unexpected).toEqual([]);

    // Nothing half-written: a message answered 503 is recorded exactly when it is queued.
    let committedBefore503 = 0;
    for (const bundleId of unavailable.keys()) {
      const recorded = await gateway.store.findExchangeByBundle(PROVIDER, bundleId);
      const queued = await gateway.store.queued(PAYER, bundleId);
      expect({ bundleId, recorded: recorded !== undefined }).toEqual({ bundleId, recorded: queued !== undefined });
      if (queued) committedBefore503 += 1;
    }
    // Resent, each is queued: the recorded ones are recognised (the queue grows only by the others).
    const depthBefore = await gateway.store.depth(PAYER);
    for (const text of unavailable.values()) {
      const reply = await submit(url, providerToken, text);
      expect(reply.status).toBe(200);
      expect(focalOf(reply.json).outcome).toBe('queued');
    }
    expect(await gateway.store.depth(PAYER)).toBe(depthBefore + unavailable.size - committedBefore503);

    // The payer gets every message once: those answered 200 before, during and after the outage, and the resent ones.
    const deliveries = new Map<string, number>();
    let acknowledge: string[] = [];
    for (;;) {
      const { result, messages } = await payer.poll({ count: 100, acknowledge });
      expect(result.status).toBe(200);
      if (messages.length === 0) break;
      for (const m of messages) deliveries.set(m.bundleId, (deliveries.get(m.bundleId) ?? 0) + 1);
      acknowledge = messages.map((m) => m.bundleId);
    }
    const expected = [...accepted, ...unavailable.keys()];
    console.log(`redis outage: answered 200: ${accepted.size}, answered 503: ${unavailable.size} (recorded whole before the 503: ${committedBefore503}), delivered: ${deliveries.size}`);
    expect(expected.filter((id) => !deliveries.has(id))).toEqual([]);
    expect([...deliveries.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(deliveries.size).toBe(expected.length);
    expect(await gateway.store.depth(PAYER)).toBe(0);
  });
});
