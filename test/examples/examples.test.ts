/**
 * Every file under `examples/` is what the README tells a newcomer to send in the first hour
 * (issue 10). Each one is sent, byte for byte, to a real gateway as the participant it names, and
 * must be accepted, so an example can never rot again: a message as its MessageHeader.sender to
 * `$process-message` (and clean at `$validate`), a Subscription as its owner to `POST /Subscription`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../src/security/tokens.js';
import { errorsOf, headerOf, useTestGateway } from '../support/gateway.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json')).sort();
const example = (name: string) => {
  const text = readFileSync(join(EXAMPLES, name), 'utf8');
  return { text, json: JSON.parse(text) };
};

/** The only subscriber in the examples is the demo hospital; a Subscription names no owner, its file name does. */
const ownerOfSubscription = (name: string) => /-(N-[A-Z]-\d{5})\.json$/.exec(name)?.[1];

/** Messages first (eligibility before the payer's poll, so the poll finds it), then Subscriptions. */
const messages = files.filter((name) => example(name).json.resourceType === 'Bundle');
const subscriptions = files.filter((name) => example(name).json.resourceType === 'Subscription');
const ordered = [...messages.filter((name) => !name.startsWith('poll')), ...messages.filter((name) => name.startsWith('poll'))];

describe('examples/', () => {
  // The Subscription example names `criteria` under the default WASL_PUBLIC_URL (127.0.0.1:8080)
  // and a hook on 127.0.0.1, so this gateway says it lives there and allows the loopback, as the
  // README tells the operator of the local demo to do; it listens on a free port all the same.
  const gw = useTestGateway({ WASL_PUBLIC_URL: 'http://127.0.0.1:8080', WASL_SUBSCRIPTION_ALLOW_PRIVATE: '127.0.0.1', WASL_SYNC_WINDOW_MS: '200' });
  const post = async (path: string, body: string, licence: string) =>
    gw.post(path, body, { 'content-type': 'application/fhir+json', authorization: `Bearer ${await issueLocalToken(gw.dataDir, licence)}` });

  it('holds messages and Subscriptions, nothing else', () => {
    expect(messages.length).toBeGreaterThan(0);
    expect(subscriptions.length).toBeGreaterThan(0);
    expect(messages.length + subscriptions.length).toBe(files.length);
  });

  it.each(messages)('%s is clean at $validate (one informational issue, no warning)', async (name) => {
    const { text, json } = example(name);
    const reply = await post('/$validate', text, headerOf(json).sender.identifier.value);
    expect(reply.status).toBe(200);
    expect(reply.json.issue).toEqual([expect.objectContaining({ severity: 'information', code: 'informational', details: expect.objectContaining({ coding: [expect.objectContaining({ code: 'WASL_OK' })] }) })]);
  });

  /** Bundle.ids of the example messages accepted so far, by receiver licence. */
  const queued = new Map<string, string[]>();

  it.each(ordered)('%s is accepted at $process-message from its MessageHeader.sender', async (name) => {
    const { text, json } = example(name);
    const header = headerOf(json);
    const reply = await post('/$process-message', text, header.sender.identifier.value);
    expect(reply.status, reply.text).toBe(200);
    // No payer answers during the test: a real-time request is accepted, queued, and answered by
    // the gateway itself with GE-00012 (payer unreachable), as the README's session says.
    expect(errorsOf(reply.json).filter((e) => e.code !== 'GE-00012')).toEqual([]);
    if (header.eventCoding.code === 'poll-request') {
      // The poll-response's nested Bundles are the example messages sent to this participant before.
      const nested = reply.json.entry.filter((e: any) => e.resource.resourceType === 'Bundle').map((e: any) => e.resource.id);
      expect(nested).toEqual(expect.arrayContaining(queued.get(header.sender.identifier.value) ?? []));
    } else {
      for (const receiver of header.destination) {
        const licence = receiver.receiver.identifier.value;
        queued.set(licence, [...(queued.get(licence) ?? []), json.id]);
      }
    }
  });

  it('the payer poll example has something to receive', () => {
    expect(queued.get('N-I-00001')).toContain(example('eligibility-request-N-F-00001.json').json.id);
  });

  it.each(subscriptions)('%s is accepted at POST /Subscription from its owner', async (name) => {
    const owner = ownerOfSubscription(name);
    expect(owner, 'a Subscription example names its owner in its file name').toBeDefined();
    const reply = await post('/Subscription', example(name).text, owner!);
    expect(reply.status, reply.text).toBe(201);
    expect(reply.headers.get('location')).toMatch(/\/Subscription\/[A-Za-z0-9-.]+$/);
  });
});
