/**
 * Subscriptions in error say why (issue 10, item 10): each failed attempt records what failed,
 * when, which attempt and when the next is due; `$status` renders it and the log gets one warn
 * line per failure; the next success clears it. Real hooks on loopback, a real LMDB store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SubscriptionAddresses } from '../../../src/routing/subscriptions/conventions.js';
import { SubscriptionNotifier, type NotifierClock } from '../../../src/routing/subscriptions/notifier.js';
import { statusSearchset } from '../../../src/routing/subscriptions/status.js';
import { LmdbStore } from '../../../src/store/embedded/lmdb-store.js';
import type { SubscriptionRecord } from '../../../src/store/ports.js';
import { parameter, RestHookEndpoint } from './rest-hook-endpoint.js';

const PUBLIC_URL = 'https://wasl.example';
const PROVIDER = 'N-F-00001';
const SECRET = 'Bearer hook-secret-never-logged';

/** Real `now`; each backoff wait is held until the test lets it go. */
function gatedClock(): NotifierClock & { waits: number[]; advance(): void } {
  const waits: number[] = [];
  let gates: (() => void)[] = [];
  return {
    waits,
    now: () => Date.now(),
    sleep: (ms, cancel) =>
      new Promise<void>((resolve) => {
        waits.push(ms);
        gates.push(resolve);
        cancel.addEventListener('abort', () => resolve(), { once: true });
      }),
    advance: () => {
      const open = gates;
      gates = [];
      for (const gate of open) gate();
    },
  };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/notify`;
}

describe('a subscription whose hook fails says what failed and when it retries', () => {
  let dir: string;
  let store: LmdbStore;
  let endpoint: RestHookEndpoint;
  let notifier: SubscriptionNotifier | undefined;
  let logged: { fields: Record<string, unknown>; message: string }[];
  const addresses = new SubscriptionAddresses(PUBLIC_URL, '/fhir');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wasl-failure-'));
    store = LmdbStore.open({ dataDir: dir });
    endpoint = await RestHookEndpoint.start();
    logged = [];
  });

  afterEach(async () => {
    await notifier?.close();
    notifier = undefined;
    await endpoint.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function subscribe(url = endpoint.url): Promise<SubscriptionRecord> {
    const record: SubscriptionRecord = {
      id: `sub-${Math.random().toString(36).slice(2)}`,
      owner: PROVIDER,
      endpoint: url,
      headers: [`Authorization: ${SECRET}`],
      content: 'id-only',
      status: 'active',
      createdAt: Date.now(),
      eventCount: 0,
      resource: '{"resourceType":"Subscription"}',
    };
    await store.saveSubscription(record);
    return record;
  }

  function start(clock: NotifierClock, timeoutMs = 5_000): SubscriptionNotifier {
    notifier = new SubscriptionNotifier({
      store,
      publicUrl: PUBLIC_URL,
      allowPrivate: ['127.0.0.1'],
      clock,
      timeoutMs,
      retry: { firstDelayMs: 30_000, maxDelayMs: 60_000, maxAttempts: 4 },
      log: { warn: (fields, message) => logged.push({ fields, message }) },
    });
    return notifier;
  }

  /** The `error` parameter `$status` shows for the subscription's current record. */
  async function statusError(n: SubscriptionNotifier, id: string): Promise<any> {
    const record = (await store.findSubscription(id))!;
    const error = n.lastError(id);
    const bundle = statusSearchset({ subscription: record, type: 'query-status', ...(error ? { error } : {}) }, addresses) as any;
    const status = bundle.entry[0].resource;
    return { status: parameter(status, 'status').valueCode, error: parameter(status, 'error')?.valueCodeableConcept };
  }

  it('a hook on a closed port: connection-refused, attempt 1, a future next retry, in $status and one warn line', async () => {
    const subscription = await subscribe(await closedPortUrl());
    const clock = gatedClock();
    const n = start(clock);
    const before = Date.now();
    n.notify({ recipient: PROVIDER, bundleId: 'b-1', event: 'claim-response' });
    await expect.poll(() => clock.waits.length).toBe(1);
    await expect.poll(async () => (await store.findSubscription(subscription.id))?.status).toBe('error');

    const failure = n.lastError(subscription.id)!;
    expect(failure).toMatchObject({ kind: 'connection-refused', code: 'WASL_ERR_NOTIFICATION_FAILED', attempt: 1, detail: 'connection refused (ECONNREFUSED)' });
    expect(failure.at).toBeGreaterThanOrEqual(before);
    expect(failure.nextRetryAt).toBe(failure.at + 30_000);
    expect(failure.nextRetryAt!).toBeGreaterThan(Date.now());

    const shown = await statusError(n, subscription.id);
    expect(shown.status).toBe('error');
    expect(shown.error).toEqual({
      extension: [
        {
          url: `${PUBLIC_URL}/StructureDefinition/subscription-delivery-failure`,
          extension: [
            { url: 'attempt', valuePositiveInt: 1 },
            { url: 'failed-at', valueInstant: new Date(failure.at).toISOString() },
            { url: 'next-retry', valueInstant: new Date(failure.nextRetryAt!).toISOString() },
          ],
        },
      ],
      coding: [
        { system: 'http://nphies.sa/terminology/CodeSystem/adjudication-error', code: 'WASL_ERR_NOTIFICATION_FAILED' },
        { system: `${PUBLIC_URL}/CodeSystem/subscription-delivery-failure`, code: 'connection-refused', display: 'The hook refused the connection' },
      ],
      text: `connection refused (ECONNREFUSED); attempt 1 at ${new Date(failure.at).toISOString()}; next retry at ${new Date(failure.nextRetryAt!).toISOString()}`,
    });

    expect(logged).toEqual([
      {
        message: 'subscription notification failed',
        fields: {
          subscription: subscription.id,
          owner: PROVIDER,
          reason: 'connection-refused',
          code: 'WASL_ERR_NOTIFICATION_FAILED',
          detail: 'connection refused (ECONNREFUSED)',
          attempt: 1,
          failedAt: new Date(failure.at).toISOString(),
          nextRetryAt: new Date(failure.nextRetryAt!).toISOString(),
        },
      },
    ]);
    const line = JSON.stringify(logged);
    expect(line).not.toContain('hook-secret');
    expect(line).not.toContain('127.0.0.1');
  });

  it('a hook answering 500: http-status 500 until it recovers, then active with no error', async () => {
    const subscription = await subscribe();
    endpoint.script(500);
    const clock = gatedClock();
    const n = start(clock);
    n.notify({ recipient: PROVIDER, bundleId: 'b-2', event: 'claim-response' });
    await expect.poll(() => clock.waits.length).toBe(1);
    await expect.poll(async () => (await statusError(n, subscription.id)).status).toBe('error');

    const shown = await statusError(n, subscription.id);
    expect(shown.error.coding[1].code).toBe('http-status');
    expect(shown.error.extension[0].extension).toContainEqual({ url: 'http-status', valueInteger: 500 });
    expect(n.lastError(subscription.id)).toMatchObject({ kind: 'http-status', httpStatus: 500, attempt: 1 });
    expect(logged.map((l) => [l.fields.reason, l.fields.httpStatus, l.fields.attempt])).toEqual([['http-status', 500, 1]]);

    clock.advance();
    await expect.poll(() => endpoint.answered.length).toBe(2);
    await expect.poll(async () => (await statusError(n, subscription.id)).status).toBe('active');
    expect((await statusError(n, subscription.id)).error).toBeUndefined();
    expect(n.lastError(subscription.id)).toBeUndefined();
    expect(logged).toHaveLength(1);
  });

  it('a hook that hangs: timeout, then the hook recovers and the subscription is active again', async () => {
    const subscription = await subscribe();
    endpoint.script('hang');
    const clock = gatedClock();
    const n = start(clock, 200);
    n.notify({ recipient: PROVIDER, bundleId: 'b-3', event: 'claim-response' });
    await expect.poll(() => clock.waits.length).toBe(1);
    expect(n.lastError(subscription.id)).toMatchObject({ kind: 'timeout', detail: 'no answer within 200 ms', attempt: 1 });
    expect(n.lastError(subscription.id)?.nextRetryAt).toBeGreaterThan(Date.now());
    expect((await statusError(n, subscription.id)).error.coding[1].code).toBe('timeout');
    expect(logged.map((l) => l.fields.reason)).toEqual(['timeout']);
    await expect.poll(async () => (await store.findSubscription(subscription.id))?.status).toBe('error');

    clock.advance();
    await expect.poll(() => n.lastError(subscription.id)).toBeUndefined();
    await expect.poll(async () => (await store.findSubscription(subscription.id))?.status).toBe('active');
  });

  it('attempts count up, the next retry follows the backoff, and the last attempt says it was given up', async () => {
    const subscription = await subscribe();
    endpoint.script(503, 503, 503, 503);
    const clock = gatedClock();
    const n = start(clock);
    n.notify({ recipient: PROVIDER, bundleId: 'b-4', event: 'claim-response' });
    for (let wait = 1; wait <= 3; wait += 1) {
      await expect.poll(() => clock.waits.length).toBe(wait);
      clock.advance();
    }
    await expect.poll(() => logged.length).toBe(4);
    expect(clock.waits).toEqual([30_000, 60_000, 60_000]);
    expect(logged.map((l) => l.fields.attempt)).toEqual([1, 2, 3, 4]);
    expect(logged[3]!.fields.nextRetryAt).toBeNull();
    const failure = n.lastError(subscription.id)!;
    expect(failure).toMatchObject({ kind: 'http-status', httpStatus: 503, attempt: 4 });
    expect(failure.nextRetryAt).toBeUndefined();
    expect(failure.reason).toMatch(/; given up after 4 attempts; the next message queued is tried afresh$/);
  });

  it('a failed handshake is recorded and logged the same way (one attempt, not retried)', async () => {
    const subscription = await subscribe(await closedPortUrl());
    const n = start(gatedClock());
    expect(await n.handshake(subscription)).toMatchObject({ kind: 'connection-refused' });
    expect(n.lastError(subscription.id)).toMatchObject({ kind: 'connection-refused', attempt: 1 });
    expect(n.lastError(subscription.id)?.reason).toMatch(/the handshake is not retried/);
    expect(logged.map((l) => [l.fields.subscription, l.fields.reason, l.fields.nextRetryAt])).toEqual([[subscription.id, 'connection-refused', null]]);
  });
});
