/**
 * Issue 9, item 9: a blocked participant is refused on every authenticated route, not only when
 * it submits a message (SPEC section 2: GE-00029 for a payer, GE-00030 for a provider, 403), and
 * Wasl's WASL_ERR_PARTICIPANT_BLOCKED for the roles NPHIES has no code for. The token it still
 * obtains (it proves who it is) opens nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const SUBSCRIPTION = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'subscription-N-F-00001.json'), 'utf8');
const FHIR = 'application/fhir+json';

interface Reply {
  status: number;
  json: any;
}

async function call(gw: TestGateway, method: string, path: string, token: string, body?: string): Promise<Reply> {
  const response = await fetch(`${gw.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': FHIR }) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

function expectRefused(reply: Reply, code: string): void {
  expect(reply.status).toBe(403);
  expect(reply.json.resourceType).toBe('OperationOutcome');
  expect(reply.json.issue[0].details.coding[0].code).toBe(code);
}

describe('a blocked participant on every authenticated route', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '20' });

  /** A token obtained while active, then the participant blocked: the token is valid, the account is not. */
  async function blockedToken(licence: string): Promise<string> {
    const token = await (await gw.client(licence)).token();
    await gw.gateway.registry.setStatus(licence, 'blocked');
    return token;
  }

  it('a provider: POST and GET /Subscription, GET /Subscription/:id, /$validate, /$process-message (a poll) are 403 GE-00030', async () => {
    const provider = await gw.client('N-F-00001');
    const active = await provider.token();
    expect((await call(gw, 'GET', '/Subscription', active)).status).toBe(200);
    expect((await call(gw, 'POST', '/$validate', active, sample('7a-claim-dental-request.json').text)).status).toBe(200);

    const token = await blockedToken('N-F-00001');
    expectRefused(await call(gw, 'POST', '/Subscription', token, SUBSCRIPTION), 'GE-00030');
    expectRefused(await call(gw, 'GET', '/Subscription', token), 'GE-00030');
    expectRefused(await call(gw, 'GET', '/Subscription/any-id', token), 'GE-00030');
    expectRefused(await call(gw, 'GET', '/fhir/Subscription', token), 'GE-00030');
    expectRefused(await call(gw, 'POST', '/$validate', token, sample('7a-claim-dental-request.json').text), 'GE-00030');
    expectRefused(await call(gw, 'POST', '/fhir/$validate', token, sample('7a-claim-dental-request.json').text), 'GE-00030');
    const { result } = await provider.poll();
    expectRefused({ status: result.status, json: result.json }, 'GE-00030');
    expect(await gw.gateway.store.subscriptionsOf('N-F-00001')).toEqual([]);
  });

  it('a payer: its poll, $validate and Subscription are 403 GE-00029, and a message it sends is not recorded', async () => {
    const payer = await gw.client('INS-FHIR');
    const token = await blockedToken('INS-FHIR');
    const { result } = await payer.poll({ count: 5 });
    expectRefused({ status: result.status, json: result.json }, 'GE-00029');
    expectRefused(await call(gw, 'POST', '/$validate', token, sample('7a-claim-dental-request.json').text), 'GE-00029');
    expectRefused(await call(gw, 'GET', '/Subscription', token), 'GE-00029');
    expectRefused(await call(gw, 'DELETE', '/Subscription/any-id', token), 'GE-00029');
  });

  it('a provider submitting a message is 403 GE-00030 and nothing is stored', async () => {
    const message = fresh(sample('7a-claim-dental-request.json').json);
    const sender = message.entry[0].resource.sender.identifier.value as string;
    const token = await blockedToken(sender);
    expectRefused(await call(gw, 'POST', '/$process-message', token, JSON.stringify(message)), 'GE-00030');
    expect(await gw.gateway.store.findExchangeByBundle(sender, message.id)).toBeUndefined();
  });

  it('the regulator at /metrics: 403 WASL_ERR_PARTICIPANT_BLOCKED; active again, 200', async () => {
    const token = await blockedToken('REG-CHI');
    expectRefused(await call(gw, 'GET', '/metrics', token), 'WASL_ERR_PARTICIPANT_BLOCKED');
    await gw.gateway.registry.setStatus('REG-CHI', 'active');
    expect((await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
