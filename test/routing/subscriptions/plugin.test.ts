/**
 * The Subscription endpoints on a bare Fastify instance (the root's FHIR body parser and outcome
 * mapping, nothing else), over a real LMDB store, real access tokens and the real notifier.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { CodeCatalogue } from '../../../src/findings/catalogue.js';
import { NotProcessable } from '../../../src/findings/not-processable.js';
import { FHIR_MEDIA_TYPES, parseFhirBody } from '../../../src/http/body.js';
import { sendNotProcessable } from '../../../src/http/outcome-reply.js';
import { subscriptionPlugin } from '../../../src/http/plugins/subscription.js';
import { SubscriptionNotifier } from '../../../src/routing/subscriptions/notifier.js';
import { initDevelopment } from '../../../src/security/init.js';
import { FileParticipantRegistry } from '../../../src/security/participants/file-registry.js';
import { issueLocalToken, loadGatewayKeys, TokenService } from '../../../src/security/tokens.js';
import { LmdbStore } from '../../../src/store/embedded/lmdb-store.js';
import { eventsOf, notificationType, parameter, RestHookEndpoint } from './rest-hook-endpoint.js';

const PUBLIC_URL = 'https://wasl.example';
const TOPIC = `${PUBLIC_URL}/SubscriptionTopic/queued-messages`;
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
const PROVIDER = 'N-F-00001';
const OTHER_PROVIDER = 'N-F-00003';

/** The catalogue with the subscription codes merged in (they belong in schemas/rules/wasl-codes.json). */
function catalogueWithSubscriptionCodes(): CodeCatalogue {
  const { schemasDir } = loadConfig({});
  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
  const wasl = read(join(schemasDir, 'rules', 'wasl-codes.json'));
  const proposed = read(join(import.meta.dirname, '__fixtures__', 'wasl-codes-subscriptions.json'));
  return new CodeCatalogue(read(join(schemasDir, 'rules', 'nphies-rules.json')).rules, { ...wasl, codes: { ...proposed.codes, ...wasl.codes } });
}

function subscription(endpoint: string, extra: Record<string, unknown> = {}): Record<string, any> {
  return {
    resourceType: 'Subscription',
    meta: { profile: [`${BACKPORT}/backport-subscription`] },
    status: 'requested',
    reason: 'Tell me when an answer is queued',
    criteria: TOPIC,
    channel: {
      type: 'rest-hook',
      endpoint,
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: 'id-only' }] },
      header: ['Authorization: Bearer hook-secret'],
    },
    ...extra,
  };
}

describe('Subscription endpoints (plugin)', () => {
  let dir: string;
  let store: LmdbStore;
  let notifier: SubscriptionNotifier;
  let app: FastifyInstance;
  let endpoint: RestHookEndpoint;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wasl-subscription-plugin-'));
    await initDevelopment(dir);
    store = LmdbStore.open({ dataDir: dir });
    const [registry, gatewayKeys] = await Promise.all([FileParticipantRegistry.open(dir), loadGatewayKeys(dir)]);
    const verifier = new TokenService({ registry, gatewayKeys, audience: [`${PUBLIC_URL}/auth/token`] });
    notifier = new SubscriptionNotifier({ store, publicUrl: PUBLIC_URL, fhirBase: '/fhir', allowPrivate: ['127.0.0.1'], retry: { firstDelayMs: 20, maxAttempts: 2 } });
    const catalogue = catalogueWithSubscriptionCodes();
    app = Fastify();
    app.removeAllContentTypeParsers();
    app.addContentTypeParser([...FHIR_MEDIA_TYPES], { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, parseFhirBody(body as string, 64));
      } catch (problem) {
        done(problem as Error, undefined);
      }
    });
    app.setErrorHandler((failure, _request, reply) => {
      if (failure instanceof NotProcessable) return sendNotProcessable(reply, failure, catalogue, 'en');
      throw failure;
    });
    app.register(subscriptionPlugin, { store, verifier, notifier, publicUrl: PUBLIC_URL, fhirBase: '/fhir' });
    await app.ready();
    endpoint = await RestHookEndpoint.start();
    for (const licence of [PROVIDER, OTHER_PROVIDER]) tokens.set(licence, await issueLocalToken(dir, licence));
  });

  afterAll(async () => {
    await notifier.close();
    await app.close();
    await endpoint.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function call(method: 'GET' | 'POST' | 'DELETE', url: string, licence: string | undefined, body?: unknown) {
    const response = await app.inject({
      method,
      url,
      headers: { ...(licence ? { authorization: `Bearer ${tokens.get(licence)}` } : {}), ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}) },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: response.statusCode, headers: response.headers, json: response.body ? JSON.parse(response.body) : undefined };
  }

  const issues = (outcome: any) => outcome.issue.map((i: any) => ({ code: i.details.coding[0].code, expression: i.expression?.[0] }));

  it('refuses a caller without a token', async () => {
    const answer = await call('POST', '/Subscription', undefined, subscription(endpoint.url));
    expect(answer.status).toBe(401);
    expect(issues(answer.json)).toEqual([{ code: 'WASL_ERR_UNAUTHENTICATED', expression: undefined }]);
  });

  it('creates a subscription after a handshake, reads it back to its owner only, and lists only the owner\'s', async () => {
    const created = await call('POST', '/fhir/Subscription', PROVIDER, subscription(endpoint.url));
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect(created.headers.location).toBe(`${PUBLIC_URL}/fhir/Subscription/${id}`);
    expect(created.json).toMatchObject({ resourceType: 'Subscription', id, status: 'active', criteria: TOPIC, channel: { type: 'rest-hook', endpoint: endpoint.url } });

    const handshake = await endpoint.waitFor((n) => notificationType(n) === 'handshake');
    expect(handshake.headers.authorization).toBe('Bearer hook-secret');
    expect(parameter(handshake.body.entry[0].resource, 'subscription').valueReference.reference).toBe(`${PUBLIC_URL}/fhir/Subscription/${id}`);

    expect((await call('GET', `/Subscription/${id}`, PROVIDER)).json).toEqual(created.json);
    const stranger = await call('GET', `/fhir/Subscription/${id}`, OTHER_PROVIDER);
    expect(stranger.status).toBe(404);
    expect(issues(stranger.json)).toEqual([{ code: 'WASL_ERR_UNKNOWN_SUBSCRIPTION', expression: undefined }]);

    const mine = await call('GET', '/Subscription', PROVIDER);
    expect(mine.json).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(mine.json.entry[0]).toMatchObject({ fullUrl: `${PUBLIC_URL}/fhir/Subscription/${id}`, resource: { id } });
    expect((await call('GET', '/Subscription', OTHER_PROVIDER)).json.total).toBe(0);

    expect((await store.findSubscription(id))?.owner).toBe(PROVIDER);
    await call('DELETE', `/Subscription/${id}`, PROVIDER);
  });

  it('lists every problem of an unacceptable Subscription, each at its element, with 422', async () => {
    const bad = subscription('ftp://hooks.example/x', { status: 'off' });
    bad.channel.type = 'websocket';
    bad.channel.header = ['Content-Type: text/plain', 'X-Broken\r\nInjected: yes'];
    bad.channel._payload.extension[0].valueCode = 'full-resource';
    const answer = await call('POST', '/Subscription', PROVIDER, bad);
    expect(answer.status).toBe(422);
    expect(issues(answer.json)).toEqual([
      { code: 'WASL_ERR_SUBSCRIPTION_INVALID', expression: 'Subscription.status' },
      { code: 'WASL_ERR_SUBSCRIPTION_INVALID', expression: 'Subscription.channel.type' },
      { code: 'WASL_ERR_SUBSCRIPTION_INVALID', expression: 'Subscription.channel.endpoint' },
      { code: 'WASL_ERR_SUBSCRIPTION_HEADER_DENIED', expression: 'Subscription.channel.header[0]' },
      { code: 'WASL_ERR_SUBSCRIPTION_HEADER_DENIED', expression: 'Subscription.channel.header[1]' },
      { code: 'WASL_ERR_SUBSCRIPTION_INVALID', expression: 'Subscription.channel.payload.extension[0].valueCode' },
    ]);
    expect(answer.json.issue[0]).toMatchObject({ severity: 'error', details: { text: 'The Subscription cannot be accepted: see the element named by the issue' } });
  });

  it('refuses criteria other than the queued-messages topic, and a body that is not a Subscription', async () => {
    const other = await call('POST', '/Subscription', PROVIDER, subscription(endpoint.url, { criteria: 'Claim?status=active' }));
    expect(other.status).toBe(422);
    expect(issues(other.json)).toEqual([{ code: 'WASL_ERR_SUBSCRIPTION_INVALID', expression: 'Subscription.criteria' }]);
    const notOne = await call('POST', '/Subscription', PROVIDER, { resourceType: 'Patient' });
    expect(notOne.status).toBe(422);
    expect(issues(notOne.json)).toEqual([{ code: 'WASL_ERR_SUBSCRIPTION_INVALID', expression: undefined }]);
  });

  it('refuses with 403 a subscription to another participant\'s queue', async () => {
    const foreign = subscription(endpoint.url, { _criteria: { extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: `Bundle?recipient=${OTHER_PROVIDER}` }] } });
    foreign.channel.type = 'email';
    const answer = await call('POST', '/Subscription', PROVIDER, foreign);
    expect(answer.status).toBe(403);
    expect(issues(answer.json)).toEqual([
      { code: 'WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE', expression: 'Subscription.criteria.extension[0].valueString' },
      { code: 'WASL_ERR_SUBSCRIPTION_INVALID', expression: 'Subscription.channel.type' },
    ]);
    const own = subscription(endpoint.url, { _criteria: { extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: `recipient=${PROVIDER}` }] } });
    const accepted = await call('POST', '/Subscription', PROVIDER, own);
    expect(accepted.status).toBe(201);
    await call('DELETE', `/Subscription/${accepted.json.id}`, PROVIDER);
  });

  it('a subscription whose endpoint fails the handshake starts in error', async () => {
    endpoint.script(500);
    const created = await call('POST', '/Subscription', PROVIDER, subscription(endpoint.url));
    expect(created.status).toBe(201);
    expect(created.json.status).toBe('error');
    await call('DELETE', `/Subscription/${created.json.id}`, PROVIDER);
  });

  it('$status counts the events notified; DELETE removes the subscription, for its owner only', async () => {
    const created = await call('POST', '/Subscription', PROVIDER, subscription(endpoint.url));
    const id = created.json.id;
    notifier.notify({ recipient: PROVIDER, bundleId: 'answer-a', event: 'priorauth-response' });
    notifier.notify({ recipient: PROVIDER, bundleId: 'answer-b', event: 'priorauth-response' });
    await endpoint.waitFor((n) => eventsOf(n).some((e) => e.focus === `${PUBLIC_URL}/Bundle/answer-b`));
    await expect.poll(async () => (await store.findSubscription(id))?.eventCount).toBe(2);

    const status = await call('GET', `/fhir/Subscription/${id}/$status`, PROVIDER);
    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    const parameters = status.json.entry[0].resource;
    expect(parameter(parameters, 'type').valueCode).toBe('query-status');
    expect(parameter(parameters, 'status').valueCode).toBe('active');
    expect(parameter(parameters, 'events-since-subscription-start').valueString).toBe('2');
    expect((await call('GET', `/Subscription/${id}/$status`, OTHER_PROVIDER)).status).toBe(404);

    expect((await call('DELETE', `/Subscription/${id}`, OTHER_PROVIDER)).status).toBe(404);
    expect((await call('DELETE', `/Subscription/${id}`, PROVIDER)).status).toBe(204);
    expect((await call('GET', `/Subscription/${id}`, PROVIDER)).status).toBe(404);
    expect((await call('DELETE', `/Subscription/${id}`, PROVIDER)).status).toBe(404);
    expect(await store.subscriptionsOf(PROVIDER)).toEqual([]);
  });

  it('holds at most ten subscriptions per participant', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) ids.push((await call('POST', '/Subscription', OTHER_PROVIDER, subscription(endpoint.url))).json.id);
    const eleventh = await call('POST', '/Subscription', OTHER_PROVIDER, subscription(endpoint.url));
    expect(eleventh.status).toBe(422);
    expect(issues(eleventh.json)).toEqual([{ code: 'WASL_ERR_SUBSCRIPTION_INVALID', expression: undefined }]);
    for (const id of ids) await call('DELETE', `/Subscription/${id}`, OTHER_PROVIDER);
  });
});
