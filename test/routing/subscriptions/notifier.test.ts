/** The rest-hook notifier against a real LMDB store and real HTTP endpoints: shape, retries, ordering, close. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SubscriptionNotifier, type NotifierClock } from '../../../src/routing/subscriptions/notifier.js';
import { LmdbStore } from '../../../src/store/embedded/lmdb-store.js';
import type { SubscriptionRecord } from '../../../src/store/ports.js';
import { eventsOf, notificationType, parameter, RestHookEndpoint, statusOf } from './rest-hook-endpoint.js';

const PUBLIC_URL = 'https://wasl.example';
const PROVIDER = 'N-F-00001';
/** The test hooks listen on loopback, which the notifier refuses unless the operator allows it. */
const LOOPBACK = ['127.0.0.1'];

/** Backoff without waiting: records each delay the notifier asks for. */
function recordingClock(): NotifierClock & { delays: number[] } {
  const delays: number[] = [];
  return { delays, now: () => Date.now(), sleep: async (ms) => void delays.push(ms) };
}

describe('SubscriptionNotifier', () => {
  let dir: string;
  let store: LmdbStore;
  let endpoint: RestHookEndpoint;
  let notifier: SubscriptionNotifier | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wasl-notifier-'));
    store = LmdbStore.open({ dataDir: dir });
    endpoint = await RestHookEndpoint.start();
  });

  afterEach(async () => {
    await notifier?.close();
    notifier = undefined;
    await endpoint.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function subscribe(overrides: Partial<SubscriptionRecord> = {}): Promise<SubscriptionRecord> {
    const record: SubscriptionRecord = {
      id: `sub-${Math.random().toString(36).slice(2)}`,
      owner: PROVIDER,
      endpoint: endpoint.url,
      headers: [],
      content: 'id-only',
      status: 'active',
      createdAt: Date.now(),
      eventCount: 0,
      resource: '{"resourceType":"Subscription"}',
      ...overrides,
    };
    await store.saveSubscription(record);
    return record;
  }

  function start(clock: NotifierClock = recordingClock(), maxAttempts = 4): SubscriptionNotifier {
    notifier = new SubscriptionNotifier({ store, publicUrl: PUBLIC_URL, allowPrivate: LOOPBACK, clock, retry: { firstDelayMs: 100, maxDelayMs: 250, maxAttempts } });
    return notifier;
  }

  it('posts an id-only backport notification naming the queued Bundle, with the subscriber\'s headers, and counts the event', async () => {
    const subscription = await subscribe({ headers: ['Authorization: Bearer hook-secret'] });
    start().notify({ recipient: PROVIDER, bundleId: 'answer-1', event: 'priorauth-response' });
    const received = await endpoint.waitFor(() => true);

    expect(received.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(received.headers.authorization).toBe('Bearer hook-secret');
    expect(received.body).toMatchObject({
      resourceType: 'Bundle',
      type: 'history',
      meta: { profile: ['http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4'] },
    });
    const [statusEntry, focusEntry] = received.body.entry;
    expect(statusEntry.request).toEqual({ method: 'GET', url: `${PUBLIC_URL}/fhir/Subscription/${subscription.id}/$status` });
    expect(focusEntry).toEqual({ fullUrl: `${PUBLIC_URL}/Bundle/answer-1`, request: { method: 'POST', url: 'Bundle' }, response: { status: '201' } });
    const status = statusOf(received);
    expect(status.resourceType).toBe('Parameters');
    expect(status.meta.profile).toEqual(['http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4']);
    expect(parameter(status, 'subscription').valueReference.reference).toBe(`${PUBLIC_URL}/fhir/Subscription/${subscription.id}`);
    expect(parameter(status, 'topic').valueCanonical).toBe(`${PUBLIC_URL}/SubscriptionTopic/queued-messages`);
    expect(parameter(status, 'status').valueCode).toBe('active');
    expect(notificationType(received)).toBe('event-notification');
    expect(parameter(status, 'events-since-subscription-start').valueString).toBe('1');
    expect(eventsOf(received)).toEqual([{ number: 1, focus: `${PUBLIC_URL}/Bundle/answer-1`, event: 'priorauth-response' }]);

    await expect.poll(async () => (await store.findSubscription(subscription.id))?.eventCount).toBe(1);
  });

  it('an empty notification says only that something arrived, and how many events so far', async () => {
    await subscribe({ content: 'empty', eventCount: 6 });
    start().notify({ recipient: PROVIDER, bundleId: 'answer-2', event: 'claim-response' });
    const received = await endpoint.waitFor(() => true);
    expect(received.body.entry).toHaveLength(1);
    expect(parameter(statusOf(received), 'events-since-subscription-start').valueString).toBe('7');
    expect(eventsOf(received)).toEqual([{ number: 7 }]);
  });

  it('only the recipient\'s own subscriptions are notified, and not those switched off', async () => {
    await subscribe({ owner: 'N-F-00003' });
    await subscribe({ status: 'off' });
    const mine = await subscribe();
    start().notify({ recipient: PROVIDER, bundleId: 'answer-3', event: 'claim-response' });
    const received = await endpoint.waitFor(() => true);
    expect(parameter(statusOf(received), 'subscription').valueReference.reference).toContain(mine.id);
    // The one lookup fanned out to every subscription at once: nothing else was posted.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endpoint.received).toHaveLength(1);
  });

  it('a failed notification is retried with exponential backoff, then arrives with the same event number', async () => {
    const subscription = await subscribe();
    endpoint.script(500, 503);
    const clock = recordingClock();
    start(clock).notify({ recipient: PROVIDER, bundleId: 'answer-4', event: 'priorauth-response' });
    await expect.poll(() => endpoint.received.length).toBe(3);
    expect(endpoint.received.map((n) => eventsOf(n)[0]?.number)).toEqual([1, 1, 1]);
    expect(clock.delays).toEqual([100, 200]);
    expect((await store.findSubscription(subscription.id))?.status).toBe('active');
  });

  it('gives a notification up after the last attempt and marks the subscription error, then active again when one arrives', async () => {
    const subscription = await subscribe();
    endpoint.script(500, 500, 500);
    const clock = recordingClock();
    const failures: string[] = [];
    notifier = new SubscriptionNotifier({
      store,
      publicUrl: PUBLIC_URL,
      allowPrivate: LOOPBACK,
      clock,
      retry: { firstDelayMs: 100, maxDelayMs: 150, maxAttempts: 3 },
      onError: (problem) => failures.push((problem as Error & { code: string }).code),
    });
    notifier.notify({ recipient: PROVIDER, bundleId: 'lost', event: 'claim-response' });
    await expect.poll(async () => (await store.findSubscription(subscription.id))?.status).toBe('error');
    expect(clock.delays).toEqual([100, 150]);
    expect(failures).toEqual(['WASL_ERR_NOTIFICATION_FAILED', 'WASL_ERR_NOTIFICATION_FAILED', 'WASL_ERR_NOTIFICATION_FAILED']);
    expect(notifier.lastError(subscription.id)).toMatchObject({ kind: 'http-status', httpStatus: 500, detail: 'endpoint answered HTTP 500', attempt: 3 });
    expect(notifier.lastError(subscription.id)?.nextRetryAt).toBeUndefined();
    expect(notifier.lastError(subscription.id)?.reason).toMatch(/^endpoint answered HTTP 500; attempt 3 at \S+Z; given up after 3 attempts; the next message queued is tried afresh$/);

    notifier.notify({ recipient: PROVIDER, bundleId: 'found', event: 'claim-response' });
    const delivered = await endpoint.waitFor((n) => eventsOf(n)[0]?.focus?.endsWith('/found') ?? false);
    // The gap in event numbers tells the subscriber it missed one; the message is still queued.
    expect(eventsOf(delivered)[0]?.number).toBe(2);
    await expect.poll(async () => (await store.findSubscription(subscription.id))?.status).toBe('active');
    expect(notifier.lastError(subscription.id)).toBeUndefined();
  });

  it('keeps a subscription\'s events in order while its endpoint is failing', async () => {
    await subscribe();
    endpoint.script(500, 500);
    const n = start();
    for (let i = 1; i <= 5; i += 1) n.notify({ recipient: PROVIDER, bundleId: `m-${i}`, event: 'claim-response' });
    await expect.poll(() => endpoint.received.flatMap(eventsOf).filter((e) => e.number === 5).length).toBe(1);
    const delivered = endpoint.received.slice(2).flatMap(eventsOf);
    expect(delivered.map((e) => e.number)).toEqual([1, 2, 3, 4, 5]);
    expect(delivered.map((e) => e.focus)).toEqual([1, 2, 3, 4, 5].map((i) => `${PUBLIC_URL}/Bundle/m-${i}`));
  });

  it('close() stops a waiting retry at once and aborts a hanging POST', async () => {
    await subscribe();
    endpoint.script('hang');
    // Real time: a retry an hour away, and a POST that would wait a minute for its answer.
    notifier = new SubscriptionNotifier({ store, publicUrl: PUBLIC_URL, allowPrivate: LOOPBACK, timeoutMs: 60_000, retry: { firstDelayMs: 3_600_000, maxAttempts: 3 } });
    notifier.notify({ recipient: PROVIDER, bundleId: 'never', event: 'claim-response' });
    await expect.poll(() => endpoint.hanging).toBe(1);
    await notifier.close();
    // After close nothing more is sent.
    notifier.notify({ recipient: PROVIDER, bundleId: 'after', event: 'claim-response' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endpoint.received).toHaveLength(1);
  }, 10_000);

  it('sends the backport handshake on request, and reports an endpoint that does not answer 2xx', async () => {
    const subscription = await subscribe();
    const n = start();
    expect(await n.handshake(subscription)).toBeUndefined();
    const received = await endpoint.waitFor(() => true);
    expect(notificationType(received)).toBe('handshake');
    expect(parameter(statusOf(received), 'events-since-subscription-start').valueString).toBe('0');
    expect(eventsOf(received)).toEqual([]);
    endpoint.script(404);
    const failed = await n.handshake(subscription);
    expect(failed).toMatchObject({ code: 'WASL_ERR_NOTIFICATION_FAILED', httpStatus: 404, subscriptionId: subscription.id });
  });

  it('a deleted subscription is neither notified further nor written back by its lane', async () => {
    const subscription = await subscribe();
    endpoint.script(500);
    const n = start();
    n.notify({ recipient: PROVIDER, bundleId: 'one', event: 'claim-response' });
    await expect.poll(() => endpoint.received.length).toBe(2);
    await store.removeSubscription(subscription.id);
    n.forget(subscription.id);
    n.notify({ recipient: PROVIDER, bundleId: 'two', event: 'claim-response' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(endpoint.received).toHaveLength(2);
    expect(await store.findSubscription(subscription.id)).toBeUndefined();
  });
});
