/**
 * Subscriptions are not a port scanner (issue 9, "Hardening", item 8), through the real gateway
 * on a loopback port with real hook listeners: internal endpoints and subscriber-chosen headers
 * are refused when subscribing, nothing is ever sent to them, and a subscription whose endpoint
 * becomes refused ends in `error` with a coded reason in `$status`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WaslClient } from '../../../src/client/wasl-client.js';
import { focalOf, startTestGateway, useTestGateway, type TestGateway } from '../../support/gateway.js';
import { fresh, sample } from '../../support/samples.js';
import { parameter, RestHookEndpoint } from './rest-hook-endpoint.js';

const PROVIDER = 'N-F-00001';
const PAYER = 'N-I-00001';
const ENDPOINT_DENIED = 'WASL_ERR_SUBSCRIPTION_ENDPOINT_DENIED';
const HEADER_DENIED = 'WASL_ERR_SUBSCRIPTION_HEADER_DENIED';

function subscriptionFor(gw: TestGateway, endpoint: string, header: string[] = ['Authorization: Bearer hook-secret']): Record<string, unknown> {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'hardening',
    criteria: `${gw.config.publicUrl}/SubscriptionTopic/queued-messages`,
    channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json', header },
  };
}

async function rest(gw: TestGateway, client: WaslClient, method: string, path: string, body?: unknown) {
  const response = await fetch(`${gw.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await client.token()}`, ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const issues = (outcome: any) => outcome.issue.map((i: any) => [i.details.coding[0].code, i.expression?.[0]]);

describe('without an allow-list, internal endpoints are refused when subscribing and never contacted', () => {
  const gw = useTestGateway();
  const hooks: RestHookEndpoint[] = [];
  afterAll(async () => {
    await Promise.all(hooks.map((h) => h.stop()));
  });

  it('refuses loopback in every spelling, metadata, private, CGNAT, unspecified, multicast and broadcast targets with 422 at Subscription.channel.endpoint', async () => {
    const hook = await RestHookEndpoint.start();
    hooks.push(hook);
    const port = new URL(hook.url).port;
    const provider = await gw.client(PROVIDER);
    const hostile = [
      `http://127.0.0.1:${port}/notify`,
      `http://[::ffff:127.0.0.1]:${port}/notify`,
      `http://2130706433:${port}/notify`,
      `http://0x7f.1:${port}/notify`,
      `http://017700000001:${port}/notify`,
      `http://localhost:${port}/notify`,
      `http://[::1]:${port}/notify`,
      'http://169.254.169.254/computeMetadata/v1/',
      'http://[::ffff:169.254.169.254]/latest/meta-data',
      'http://[fe80::1]/',
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'https://192.168.0.10/',
      'http://[fd12:3456::1]/',
      'http://100.64.1.1/',
      'http://0.0.0.0/',
      'http://224.0.0.251/',
      'http://255.255.255.255/',
    ];
    for (const endpoint of hostile) {
      const answer = await rest(gw, provider, 'POST', '/Subscription', subscriptionFor(gw, endpoint));
      expect(answer.status, endpoint).toBe(422);
      expect(issues(answer.json), endpoint).toEqual([[ENDPOINT_DENIED, 'Subscription.channel.endpoint']]);
    }
    expect(hook.received).toEqual([]);
    expect(await gw.gateway.store.subscriptionsOf(PROVIDER)).toEqual([]);
  });

  it('says why in the catalogue\'s words, and in Arabic when asked', async () => {
    const provider = await gw.client(PROVIDER);
    const answer = await rest(gw, provider, 'POST', '/Subscription', subscriptionFor(gw, 'http://169.254.169.254/'));
    expect(answer.json.issue[0]).toMatchObject({
      severity: 'error',
      details: { text: 'The endpoint is not notified: it is, or resolves to, a loopback, private, link-local or reserved address the operator has not allowed' },
    });
    const arabic = await fetch(`${gw.url}/Subscription`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await provider.token()}`, 'content-type': 'application/fhir+json', 'accept-language': 'ar' },
      body: JSON.stringify(subscriptionFor(gw, 'http://169.254.169.254/')),
    });
    expect(((await arabic.json()) as any).issue[0].details.text).toBe('لا يتم إرسال الإشعارات إلى هذه النقطة: عنوانها، أو ما يُحلّ إليه اسمها، عنوان محلي أو خاص أو محجوز لم يسمح به المشغل');
  });

  it('refuses any header but the hook\'s credential with 422 at Subscription.channel.header[n], and CR/LF in values', async () => {
    const provider = await gw.client(PROVIDER);
    const headers = [
      'Authorization: Bearer fine',
      'Metadata-Flavor: Google',
      'Host: metadata.google.internal',
      'X-Forwarded-For: 127.0.0.1',
      'Content-Type: text/plain',
      'Authorization: Bearer second',
      'X-Api-Key: abc\r\nMetadata-Flavor: Google',
      'Cookie: session=1',
    ];
    const answer = await rest(gw, provider, 'POST', '/Subscription', subscriptionFor(gw, 'https://hooks.hospital.example/notify', headers));
    expect(answer.status).toBe(422);
    expect(issues(answer.json)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => [HEADER_DENIED, `Subscription.channel.header[${n}]`]));
    const scheme = await rest(gw, provider, 'POST', '/Subscription', subscriptionFor(gw, 'https://hooks.hospital.example/notify', ['Authorization: Negotiate abc']));
    expect(issues(scheme.json)).toEqual([[HEADER_DENIED, 'Subscription.channel.header[0]']]);
  });
});

describe('WASL_SUBSCRIPTION_ALLOW_PRIVATE lets the operator\'s own hooks in', () => {
  const gw = useTestGateway({ WASL_SUBSCRIPTION_ALLOW_PRIVATE: '127.0.0.1' });

  it('a loopback hook on the allow-list is subscribed and handshaken, with a Basic or X-Api-Key credential; other loopback spellings of it too, other private targets not', async () => {
    const hook = await RestHookEndpoint.start();
    try {
      const provider = await gw.client(PROVIDER);
      const port = new URL(hook.url).port;
      for (const [endpoint, header] of [
        [hook.url, 'Authorization: Basic d2FzbDpzM2NyZXQ='],
        [`http://2130706433:${port}/notify`, 'X-Api-Key: k-123'],
      ] as const) {
        const created = await rest(gw, provider, 'POST', '/Subscription', subscriptionFor(gw, endpoint, [header]));
        expect(created.status, endpoint).toBe(201);
        expect(created.json.status).toBe('active');
        // Stored as the WHATWG URL parser spells it: the address that is checked and connected to.
        expect((await gw.gateway.store.findSubscription(created.json.id))?.endpoint).toBe(hook.url);
        await rest(gw, provider, 'DELETE', `/Subscription/${created.json.id}`);
      }
      expect(hook.received.map((n) => [n.headers.authorization, n.headers['x-api-key']])).toEqual([
        ['Basic d2FzbDpzM2NyZXQ=', undefined],
        [undefined, 'k-123'],
      ]);
      const other = await rest(gw, provider, 'POST', '/Subscription', subscriptionFor(gw, 'http://10.0.0.1/'));
      expect(issues(other.json)).toEqual([[ENDPOINT_DENIED, 'Subscription.channel.endpoint']]);
    } finally {
      await hook.stop();
    }
  });
});

describe('a subscription whose endpoint is no longer allowed', () => {
  it('ends in error at its next notification, without contacting the hook, and $status says why with a code', async () => {
    const hook = await RestHookEndpoint.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'wasl-allow-list-change-'));
    const allowed = await startTestGateway({ WASL_SUBSCRIPTION_ALLOW_PRIVATE: '127.0.0.1' }, dataDir);
    let restarted: TestGateway | undefined;
    let allowedRunning = true;
    try {
      // Subscribed while the operator allowed the hook: the handshake arrives.
      const created = await rest(allowed, await allowed.client(PAYER), 'POST', '/Subscription', subscriptionFor(allowed, hook.url));
      expect(created.status).toBe(201);
      expect(created.json.status).toBe('active');
      await allowed.stop();
      allowedRunning = false;
      expect(hook.received).toHaveLength(1);

      // The operator takes loopback off the list and restarts; a message is queued for the payer.
      restarted = await startTestGateway({ WASL_SYNC_WINDOW_MS: '20' }, dataDir);
      const provider = await restarted.client(PROVIDER);
      const payer = await restarted.client(PAYER);
      const reply = await provider.send(fresh(sample('5a-preauth-professional-request.json').json));
      expect(focalOf(reply.json).outcome).toBe('queued');

      const gw = restarted;
      await expect.poll(async () => (await rest(gw, payer, 'GET', `/Subscription/${created.json.id}`)).json.status).toBe('error');
      const status = (await rest(gw, payer, 'GET', `/Subscription/${created.json.id}/$status`)).json.entry[0].resource;
      expect(parameter(status, 'status').valueCode).toBe('error');
      const error = parameter(status, 'error').valueCodeableConcept;
      expect(error.coding[0]).toEqual({ system: 'http://nphies.sa/terminology/CodeSystem/adjudication-error', code: ENDPOINT_DENIED });
      expect(error.coding[1]).toMatchObject({ code: 'endpoint-denied' });
      expect(error.text).toBe('the endpoint address is loopback (RFC 1122), not among the private targets this hub notifies (WASL_SUBSCRIPTION_ALLOW_PRIVATE)');
      expect(hook.received).toHaveLength(1);
    } finally {
      if (allowedRunning) await allowed.stop();
      await restarted?.stop();
      await hook.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
