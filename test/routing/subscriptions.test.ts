/**
 * Told, not only polled (SPEC section 6, Notifications): rest-hook Subscriptions on the real
 * gateway. A provider is notified when its deferred prior-authorization answer lands in its
 * queue, then polls and acknowledges it; failed notifications are retried; a dead endpoint never
 * holds up anyone's HTTP answer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { WaslClient } from '../../src/client/wasl-client.js';
import { answerRequest } from '../../src/payer-sim/answers.js';
import { focalOf, headerOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';
import { eventsOf, notificationType, parameter, RestHookEndpoint, statusOf, type ReceivedNotification } from './subscriptions/rest-hook-endpoint.js';

const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
const PROVIDER = 'N-F-00001';
const PAYER = 'N-I-00001';
const PAYER_IDENTITY = { licence: PAYER, system: 'http://nphies.sa/license/payer-license', baseUrl: 'http://payer.example' };

describe('rest-hook Subscriptions', () => {
  // The test hooks listen on loopback: the operator's allow-list has to name it.
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '20', WASL_SUBSCRIPTION_ALLOW_PRIVATE: '127.0.0.1' });
  const hooks: RestHookEndpoint[] = [];

  async function hook(): Promise<RestHookEndpoint> {
    const endpoint = await RestHookEndpoint.start();
    hooks.push(endpoint);
    return endpoint;
  }

  afterAll(async () => {
    await Promise.all(hooks.map((h) => h.stop()));
  });

  function subscriptionFor(endpoint: string, extra: Record<string, unknown> = {}): Record<string, any> {
    return {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'Tell me when a message is queued for me',
      criteria: `${gw.config.publicUrl}/SubscriptionTopic/queued-messages`,
      channel: {
        type: 'rest-hook',
        endpoint,
        payload: 'application/fhir+json',
        _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: 'id-only' }] },
        header: ['Authorization: Bearer my-hook-secret'],
      },
      ...extra,
    };
  }

  async function rest(client: WaslClient | undefined, method: string, path: string, body?: unknown) {
    const response = await fetch(`${gw.url}${path}`, {
      method,
      headers: {
        ...(client ? { authorization: `Bearer ${await client.token()}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
  }

  async function subscribe(client: WaslClient, endpoint: RestHookEndpoint): Promise<string> {
    const created = await rest(client, 'POST', `${gw.config.fhirBase}/Subscription`, subscriptionFor(endpoint.url));
    expect(created.status).toBe(201);
    expect(created.json.status).toBe('active');
    return created.json.id as string;
  }

  /** The provider submits a prior authorization the payer does not answer in the window: `queued`. */
  async function deferredPriorAuth(provider: WaslClient): Promise<Record<string, any>> {
    const request = fresh(sample('5a-preauth-professional-request.json').json);
    const reply = await provider.send(request);
    expect(reply.status).toBe(200);
    expect(focalOf(reply.json).outcome).toBe('queued');
    return request;
  }

  /** The payer polls the request and answers it; returns the answer Bundle it sent. */
  async function payerAnswers(payer: WaslClient, requestId: string): Promise<Record<string, any>> {
    const { messages } = await payer.poll({ count: 1, include: ['priorauth-request'] });
    expect(messages.map((m) => m.bundleId)).toEqual([requestId]);
    const answer = answerRequest(messages[0]!.bundle, PAYER_IDENTITY)!;
    const reply = await payer.send(answer);
    expect(reply.status).toBe(200);
    return answer;
  }

  const eventNotification = (focus: string) => (n: ReceivedNotification) =>
    notificationType(n) === 'event-notification' && eventsOf(n).some((e) => e.focus === focus);

  it('a provider is notified when its deferred prior-authorization answer arrives, then polls and acknowledges it', async () => {
    const provider = await gw.client(PROVIDER);
    const payer = await gw.client(PAYER);
    const endpoint = await hook();
    const id = await subscribe(provider, endpoint);
    const handshake = await endpoint.waitFor((n) => notificationType(n) === 'handshake');
    expect(parameter(statusOf(handshake), 'subscription').valueReference.reference).toBe(`${gw.config.publicUrl}${gw.config.fhirBase}/Subscription/${id}`);

    const request = await deferredPriorAuth(provider);
    const answer = await payerAnswers(payer, request.id);
    const focus = `${gw.config.publicUrl}/Bundle/${answer.id}`;

    const notification = await endpoint.waitFor(eventNotification(focus));
    expect(notification.headers.authorization).toBe('Bearer my-hook-secret');
    expect(eventsOf(notification)).toEqual([{ number: 1, focus, event: 'priorauth-response' }]);
    expect(parameter(statusOf(notification), 'events-since-subscription-start').valueString).toBe('1');
    // The notification only says what arrived: the answer is still in the provider's queue.
    expect(await gw.gateway.store.depth(PROVIDER)).toBe(1);

    const polled = await provider.poll({ count: 5 });
    expect(polled.messages.map((m) => [m.bundleId, m.event])).toEqual([[answer.id, 'priorauth-response']]);
    expect(headerOf(polled.messages[0]!.bundle).response.identifier).toBe(headerOf(request).id);
    const acknowledged = await provider.poll({ count: 5, acknowledge: [answer.id] });
    expect(acknowledged.messages).toEqual([]);
    expect(await gw.gateway.store.depth(PROVIDER)).toBe(0);

    const status = await rest(provider, 'GET', `/Subscription/${id}/$status`);
    expect(parameter(status.json.entry[0].resource, 'events-since-subscription-start').valueString).toBe('1');
    expect((await rest(provider, 'DELETE', `/Subscription/${id}`)).status).toBe(204);
  });

  it('a notification the endpoint fails is retried until it arrives', async () => {
    const provider = await gw.client(PROVIDER);
    const payer = await gw.client(PAYER);
    const endpoint = await hook();
    endpoint.script(200, 500);
    const id = await subscribe(provider, endpoint);

    const request = await deferredPriorAuth(provider);
    const answer = await payerAnswers(payer, request.id);
    const focus = `${gw.config.publicUrl}/Bundle/${answer.id}`;
    await expect.poll(() => endpoint.received.filter(eventNotification(focus)).length, { timeout: 15_000 }).toBe(2);
    expect(endpoint.received.filter(eventNotification(focus)).map((n) => eventsOf(n)[0]!.number)).toEqual([1, 1]);
    await expect.poll(async () => (await rest(provider, 'GET', `/Subscription/${id}`)).json.status).toBe('active');

    await provider.poll({ count: 5, acknowledge: [answer.id], include: ['none'] });
    await rest(provider, 'DELETE', `/Subscription/${id}`);
  });

  it('an endpoint that never answers holds up neither the provider\'s nor the payer\'s answers', async () => {
    const provider = await gw.client(PROVIDER);
    const payer = await gw.client(PAYER);
    const payerHook = await hook();
    const providerHook = await hook();
    const payerSubscription = await subscribe(payer, payerHook);
    const providerSubscription = await subscribe(provider, providerHook);
    payerHook.script('hang', 'hang', 'hang', 'hang');
    providerHook.script('hang', 'hang', 'hang', 'hang');
    const unanswered = (endpoint: RestHookEndpoint) => endpoint.answered.filter((n) => notificationType(n) === 'event-notification').length === 0;

    const first = await deferredPriorAuth(provider);
    // The payer is told about the first request; its endpoint holds that notification open.
    await payerHook.waitFor(eventNotification(`${gw.config.publicUrl}/Bundle/${first.id}`));
    const second = await deferredPriorAuth(provider);
    expect(unanswered(payerHook)).toBe(true);

    const firstAnswer = await payerAnswers(payer, first.id);
    await providerHook.waitFor(eventNotification(`${gw.config.publicUrl}/Bundle/${firstAnswer.id}`));
    const secondAnswer = await payerAnswers(payer, second.id);
    const polled = await provider.poll({ count: 5 });
    expect(polled.messages.map((m) => m.bundleId)).toEqual(expect.arrayContaining([firstAnswer.id, secondAnswer.id]));
    expect(unanswered(providerHook)).toBe(true);
    expect(unanswered(payerHook)).toBe(true);

    await provider.poll({ count: 5, acknowledge: [firstAnswer.id, secondAnswer.id], include: ['none'] });
    await rest(payer, 'DELETE', `/Subscription/${payerSubscription}`);
    await rest(provider, 'DELETE', `/Subscription/${providerSubscription}`);
  });

  it('answers a foreign queue with 403, an invalid Subscription with 422, someone else\'s id with 404, no token with 401', async () => {
    const provider = await gw.client(PROVIDER);
    const other = await gw.client('N-F-00003');
    const foreign = subscriptionFor('http://127.0.0.1:9/hook', { _criteria: { extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: `recipient=${PAYER}` }] } });
    const refused = await rest(provider, 'POST', '/Subscription', foreign);
    expect(refused.status).toBe(403);
    expect(refused.json.issue.map((i: any) => [i.details.coding[0].code, i.expression?.[0]])).toEqual([
      ['WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE', 'Subscription.criteria.extension[0].valueString'],
    ]);

    const invalid = await rest(provider, 'POST', '/Subscription', subscriptionFor('not a url'));
    expect(invalid.status).toBe(422);
    expect(invalid.json.issue.map((i: any) => [i.details.coding[0].code, i.expression?.[0]])).toEqual([['WASL_ERR_SUBSCRIPTION_INVALID', 'Subscription.channel.endpoint']]);

    const endpoint = await hook();
    const id = await subscribe(provider, endpoint);
    expect((await rest(other, 'GET', `${gw.config.fhirBase}/Subscription/${id}`)).status).toBe(404);
    expect((await rest(undefined, 'GET', `${gw.config.fhirBase}/Subscription/${id}`)).status).toBe(401);
    await rest(provider, 'DELETE', `/Subscription/${id}`);
  });
});

describe('rest-hook endpoints limited to the hosts the hub notifies (WASL_SUBSCRIPTION_HOSTS)', () => {
  const gw = useTestGateway({ WASL_SUBSCRIPTION_HOSTS: 'localhost, *.hospital.example', WASL_SUBSCRIPTION_ALLOW_PRIVATE: '127.0.0.1, ::1' });

  it('refuses an endpoint on any other host with 422 at Subscription.channel.endpoint, and takes an allowed one', async () => {
    const provider = await gw.client(PROVIDER);
    const post = async (endpoint: string) => {
      const response = await fetch(`${gw.url}/Subscription`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await provider.token()}`, 'content-type': 'application/fhir+json' },
        body: JSON.stringify({
          resourceType: 'Subscription',
          status: 'requested',
          reason: 'allow-list',
          criteria: `${gw.config.publicUrl}/SubscriptionTopic/queued-messages`,
          channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json' },
        }),
      });
      return { status: response.status, json: (await response.json()) as any };
    };
    for (const refused of ['http://169.254.169.254/latest/meta-data', 'http://127.0.0.1:9/hook', 'https://hospital.example.evil.test/hook']) {
      const answer = await post(refused);
      expect(answer.status, refused).toBe(422);
      expect(answer.json.issue.map((i: any) => [i.details.coding[0].code, i.expression?.[0]])).toEqual([['WASL_ERR_SUBSCRIPTION_INVALID', 'Subscription.channel.endpoint']]);
    }
    const endpoint = await RestHookEndpoint.start();
    try {
      const allowed = await post(endpoint.url.replace('127.0.0.1', 'localhost'));
      expect(allowed.status).toBe(201);
    } finally {
      await endpoint.stop();
    }
  });
});
