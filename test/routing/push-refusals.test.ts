/**
 * A message a reachable push payer keeps refusing (HTTP 4xx) is dead-lettered after
 * WASL_MAX_DELIVERIES refusals instead of being pushed forever, and does not open the breaker for
 * the payer's other messages; an outage (5xx) never counts. Issue 10, item 2 (push side).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushDelivery, type PushEvent } from '../../src/routing/push/index.js';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '0' });

describe('push: refusals are bounded, outages are not', () => {
  let server: Server;
  let endpoint: string;
  const poison = new Set<string>();
  const flaky = new Set<string>();
  const hits = new Map<string, number>();
  const events: PushEvent[] = [];
  let push: PushDelivery;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
        hits.set(id, (hits.get(id) ?? 0) + 1);
        // 400 for the poison message; 503 three times then 202 for the flaky one; 202 for the rest.
        const status = poison.has(id) ? 400 : flaky.has(id) && (hits.get(id) ?? 0) <= 3 ? 503 : 202;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/$process-message`;
  });
  afterAll(async () => {
    await push?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('dead-letters the refused message after 3 refusals, delivers the others, and retries an outage until it passes', async () => {
    const claim = () => fresh(sample('7a-claim-dental-request.json').json);
    const [bad, good, unlucky] = [claim(), claim(), claim()];
    const payer = bad.entry[0].resource.destination[0].receiver.identifier.value as string;
    poison.add(bad.id);
    flaky.add(unlucky.id);
    const provider = await gw.client(bad.entry[0].resource.sender.identifier.value);
    for (const message of [bad, good, unlucky]) expect((await provider.send(message)).status).toBe(200);

    push = new PushDelivery({
      store: gw.gateway.store,
      signals: gw.gateway.signals,
      targets: () => [{ licence: payer, endpoint }],
      submitAnswer: async () => undefined,
      leaseMs: 1500,
      attemptTimeoutMs: 500,
      sweepMs: 50,
      backoff: { baseMs: 10, maxMs: 40, random: () => 1 },
      // Three outages in a row would open it; refusals must not.
      breaker: { failureThreshold: 4, openMs: 200 },
      maxRefusals: 3,
      observe: (event) => events.push(event),
    });
    push.start();

    const deadline = Date.now() + 15_000;
    const settled = async () => (await gw.gateway.store.depth(payer)) === 0;
    while (!(await settled()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await settled()).toBe(true);

    expect(hits.get(bad.id)).toBe(3);
    expect(events).toContainEqual({ type: 'dead-lettered', payer, bundleId: bad.id, refusals: 3 });
    expect((await gw.gateway.store.deadLetters(payer)).map((d) => d.message.bundleId)).toEqual([bad.id]);
    expect(hits.get(good.id)).toBe(1);
    // Four attempts: three 503s (an outage counts nothing) and the one that passed.
    expect(hits.get(unlucky.id)).toBe(4);
    expect(events.some((e) => e.type === 'dead-lettered' && e.bundleId === unlucky.id)).toBe(false);
    expect(events.some((e) => e.type === 'breaker' && e.state === 'open')).toBe(false);

    // Nothing is lost: the operator replays it, and it is pushed again (and refused again, once).
    poison.delete(bad.id);
    expect(await gw.gateway.store.replayDeadLetter(payer, bad.id)).toBe(true);
    const again = Date.now() + 10_000;
    while ((hits.get(bad.id) ?? 0) < 4 && Date.now() < again) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hits.get(bad.id)).toBe(4);
  });
});
