/**
 * Push delivery (SPEC section 6) against a real gateway and real payer endpoints: local HTTP
 * servers that answer with the reference payer's answers, fail with 500, accept and answer later,
 * or never answer at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaslClient } from '../../src/client/wasl-client.js';
import { LICENCE_SYSTEMS } from '../../src/fhir/identity.js';
import { CodeCatalogue } from '../../src/findings/catalogue.js';
import { readFhirBody } from '../../src/http/body.js';
import { answerRequest } from '../../src/payer-sim/answers.js';
import { answerThroughExchange, PushDelivery, type PushDeliveryOptions, type PushEvent, type PushTarget } from '../../src/routing/push/index.js';
import { errorsOf, focalOf, headerOf, useTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

type Behaviour = 'answer' | 'fail' | 'hang' | 'accept' | 'answer-with-bom' | 'answer-with-duplicate-sender';

interface Received {
  readonly bundleId: string;
  readonly body: string;
  readonly contentType: string | undefined;
  readonly at: number;
}

/** A payer's `$process-message` endpoint that behaves as the test says, and remembers what it got. */
class FakePayer {
  readonly received: Received[] = [];
  /** Bundle.id → the answer given: a payer deduplicates, so a redelivery gets the same answer. */
  readonly answered = new Map<string, string>();
  /** Messages that arrived again after they had been processed. */
  duplicates = 0;
  /** Requests the gateway gave up on (closed the connection) before we answered. */
  abandoned = 0;
  behaviour: (bundleId: string, attempt: number) => Behaviour;
  readonly #server: Server;
  readonly #hanging = new Set<ServerResponse>();

  private constructor(readonly licence: string, behaviour: (bundleId: string, attempt: number) => Behaviour) {
    this.behaviour = behaviour;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(licence: string, behaviour: (bundleId: string, attempt: number) => Behaviour): Promise<FakePayer> {
    const payer = new FakePayer(licence, behaviour);
    await new Promise<void>((resolve) => payer.#server.listen(0, '127.0.0.1', resolve));
    return payer;
  }

  get target(): PushTarget {
    return { licence: this.licence, endpoint: `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/$process-message` };
  }

  attempts(bundleId: string): Received[] {
    return this.received.filter((r) => r.bundleId === bundleId);
  }

  async stop(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const request = JSON.parse(body) as Record<string, unknown>;
    const bundleId = String(request.id);
    this.received.push({ bundleId, body, contentType: req.headers['content-type'], at: performance.now() });
    const behaviour = this.behaviour(bundleId, this.attempts(bundleId).length);
    switch (behaviour) {
      case 'fail':
        res.writeHead(500, { 'content-type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception"}]}');
        return;
      case 'hang':
        this.#hanging.add(res);
        res.on('close', () => {
          if (!res.writableEnded) this.abandoned += 1;
          this.#hanging.delete(res);
        });
        return;
      case 'accept':
        if (this.answered.has(bundleId)) this.duplicates += 1;
        this.answered.set(bundleId, '');
        res.writeHead(202).end();
        return;
      case 'answer-with-bom':
      case 'answer-with-duplicate-sender': {
        // Issue 9, items 4-5: what a posted body may not carry, a pushed answer may not either.
        const answer = JSON.stringify(answerOf(request, this.licence));
        const hostile = behaviour === 'answer-with-bom' ? `\uFEFF${answer}` : answer.replace('"sender":', '"sender":{"identifier":{"value":"N-I-00002"}},"sender":');
        this.answered.set(bundleId, hostile);
        res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(hostile);
        return;
      }
      case 'answer': {
        const earlier = this.answered.get(bundleId);
        if (earlier !== undefined) this.duplicates += 1;
        const answer = earlier || JSON.stringify(answerOf(request, this.licence));
        this.answered.set(bundleId, answer);
        res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(answer);
        return;
      }
    }
  }
}

function answerOf(request: Record<string, unknown>, licence: string): Record<string, unknown> {
  const answer = answerRequest(request, { licence, system: LICENCE_SYSTEMS.payer, baseUrl: `http://${licence.toLowerCase()}.payer.example` });
  if (!answer) throw new Error(`the reference payer has no answer to bundle ${String(request.id)}`);
  return answer;
}

/** Polls a condition until it holds; fails the test with `what` if it does not within the deadline. */
async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A fresh copy of an official sample, as its provider sends it. */
async function request(gw: TestGateway, file: string): Promise<{ text: string; json: any; provider: WaslClient }> {
  const json = fresh(sample(file).json);
  return { text: JSON.stringify(json), json, provider: await gw.client(headerOf(json).sender.identifier.value) };
}

/** The answers to these requests (MessageHeader ids), polled from the provider's queue and acknowledged. */
async function pollAnswers(provider: WaslClient, headerIds: readonly string[]): Promise<Map<string, any>> {
  const found = new Map<string, any>();
  await until(`the provider polled ${headerIds.length} answer(s)`, async () => {
    const { messages } = await provider.poll({ count: 10 });
    for (const m of messages) found.set((m.bundle as any).entry[0].resource.response?.identifier, m.bundle);
    if (messages.length > 0) await provider.poll({ count: 1, acknowledge: messages.map((m) => m.bundleId), include: ['none'] });
    return headerIds.every((id) => found.has(id));
  });
  return found;
}

/**
 * Waits until a delivery is counted: the provider may hold the payer's answer a moment before,
 * since handing it over is part of recording it, and the count follows.
 */
async function delivered(events: readonly PushEvent[], bundleId: string): Promise<void> {
  await until(`the delivery of ${bundleId} was counted`, () => events.some((e) => e.type === 'delivered' && e.bundleId === bundleId));
}

function pushDelivery(gw: TestGateway, targets: PushTarget[], events: PushEvent[], options: Partial<PushDeliveryOptions>): PushDelivery {
  return new PushDelivery({
    store: gw.gateway.store,
    signals: gw.gateway.signals,
    targets: () => targets,
    submitAnswer: answerThroughExchange({
      exchange: gw.gateway.exchange,
      catalogue: CodeCatalogue.load(gw.config.schemasDir),
      readBody: (bytes) => readFhirBody(bytes, { maxDepth: gw.config.maxJsonDepth, maxArrayLength: gw.config.maxArrayLength, maxValues: gw.config.maxJsonValues }),
    }),
    leaseMs: 2000,
    attemptTimeoutMs: 1000,
    sweepMs: 50,
    observe: (event) => events.push(event),
    ...options,
  });
}

/** The payer's answer, from the provider's HTTP reply when it came inside the window, else from its queue. */
async function providerAnswer(provider: WaslClient, reply: { json: any }, headerId: string, payer: string): Promise<any> {
  if (headerOf(reply.json).sender.identifier.value === payer) return reply.json;
  return (await pollAnswers(provider, [headerId])).get(headerId);
}

const PREAUTH_TO_N_I_00001 = '5a-preauth-professional-request.json';
const PREAUTH_TO_INS_FHIR = 'preauth-professional-outpatient-request.json';
const ELIGIBILITY_TO_7001548317 = 'eligibility-request-d4629f67-8212-4082-b2f6-f77d6674d74f.json';

// One gateway for every scenario (starting one is the slow part); each scenario runs its own
// PushDelivery and leaves the queues it used empty.
// Byte-exact pushes are what this file checks; pushed risk entries are test/risk/risk-delivery.test.ts's.
const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '1500', WASL_LEASE_MS: '300', WASL_RISK_CHECKS: 'off' });

describe('push delivery to healthy and failing payers', () => {
  let flaky: FakePayer;
  let healthy: FakePayer;
  let push: PushDelivery;
  const events: PushEvent[] = [];
  let outage = false;

  beforeAll(async () => {
    flaky = await FakePayer.start('N-I-00001', () => (outage ? 'fail' : 'answer'));
    healthy = await FakePayer.start('INS-FHIR', () => 'answer');
    push = pushDelivery(gw, [flaky.target, healthy.target], events, {
      // random = 1 pins the jitter at its ceiling, so the delays are the exponential ones exactly.
      backoff: { baseMs: 20, maxMs: 160, random: () => 1 },
      breaker: { failureThreshold: 100, openMs: 1000 },
    });
    push.start();
  });
  afterAll(async () => {
    await push.close();
    await flaky.stop();
    await healthy.stop();
  });

  it('a push payer gets the exact bytes and the provider gets its answer synchronously, inside the window', async () => {
    const { text, json, provider } = await request(gw, PREAUTH_TO_N_I_00001);
    const reply = await provider.send(text);
    expect(reply.status).toBe(200);
    const header = headerOf(reply.json);
    expect(header.eventCoding.code).toBe('priorauth-response');
    expect(header.response.identifier).toBe(headerOf(json).id);
    expect(header.sender.identifier.value).toBe('N-I-00001');
    expect(focalOf(reply.json).outcome).toBe('complete');
    expect(errorsOf(reply.json)).toEqual([]);
    // The reply is the very answer the payer gave.
    expect(JSON.parse(flaky.answered.get(json.id)!).id).toBe((reply.json as any).id);

    const received = flaky.attempts(json.id);
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toBe(text);
    expect(received[0]!.contentType).toBe('application/fhir+json');
    // Answered: nothing left in the payer's queue, nothing queued for the provider.
    expect(await gw.gateway.store.depth('N-I-00001')).toBe(0);
    expect((await provider.poll({ count: 10 })).messages).toEqual([]);
    await delivered(events, json.id);
    expect(events).toContainEqual({ type: 'delivered', payer: 'N-I-00001', bundleId: json.id, attempts: 1, answered: true });
  });

  it('a pushed answer with a BOM or a duplicate key is refused like a posted one: the provider never receives it', async () => {
    for (const hostile of ['answer-with-bom', 'answer-with-duplicate-sender'] as const) {
      flaky.behaviour = () => hostile;
      try {
        const { text, json, provider } = await request(gw, PREAUTH_TO_N_I_00001);
        const reply = await provider.send(text);
        // No answer was routed: after the window the provider is told its request is queued.
        expect(headerOf(reply.json).sender.identifier.value).not.toBe('N-I-00001');
        expect(focalOf(reply.json).outcome).toBe('queued');
        await delivered(events, json.id);
        expect(await gw.gateway.store.depth('N-I-00001')).toBe(0);
        expect((await provider.poll({ count: 10, include: ['priorauth-response'] })).messages).toEqual([]);
        const record = await gw.gateway.store.findExchange('N-F-00001', headerOf(json).id);
        expect(record?.state).toBe('queued');
      } finally {
        flaky.behaviour = () => (outage ? 'fail' : 'answer');
      }
    }
  });

  it('a payer that accepts (202, no body) has the message acknowledged and answers later by posting', async () => {
    flaky.behaviour = () => 'accept';
    try {
      const { text, json, provider } = await request(gw, PREAUTH_TO_N_I_00001);
      const pending = provider.send(text);
      await until('the payer accepted the message', () => flaky.answered.has(json.id));
      await delivered(events, json.id);
      expect(await gw.gateway.store.depth('N-I-00001')).toBe(0);
      expect(events).toContainEqual({ type: 'delivered', payer: 'N-I-00001', bundleId: json.id, attempts: 1, answered: false });

      // The payer answers later, by posting as a polling payer would.
      const payer = await gw.client('N-I-00001');
      const answer = answerOf(JSON.parse(flaky.attempts(json.id)[0]!.body), 'N-I-00001');
      expect((await payer.send(answer)).status).toBe(200);
      // Normally still inside the provider's window; on a slow machine it waits in the provider's queue.
      const received = await providerAnswer(provider, await pending, headerOf(json).id, 'N-I-00001');
      expect(received.id).toBe(answer.id);
      expect(flaky.attempts(json.id)).toHaveLength(1);
    } finally {
      flaky.behaviour = () => (outage ? 'fail' : 'answer');
    }
  });

  it('a payer answering 500 is retried with growing backoff and served once it recovers, exactly once, while another payer is served throughout', async () => {
    outage = true;
    const failing = await request(gw, PREAUTH_TO_N_I_00001);
    const pending = failing.provider.send(failing.text);
    await until('three attempts failed', () => flaky.attempts(failing.json.id).length >= 3);

    // During the outage the other payer is pushed to and answers; its providers get their answers.
    for (let i = 0; i < 3; i += 1) {
      const other = await request(gw, PREAUTH_TO_INS_FHIR);
      const reply = await other.provider.send(other.text);
      expect(headerOf(reply.json).eventCoding.code).toBe('priorauth-response');
      expect(headerOf(reply.json).sender.identifier.value).toBe('INS-FHIR');
      expect(focalOf(reply.json).outcome).toBe('complete');
      expect(healthy.attempts(other.json.id)).toHaveLength(1);
    }
    // ... all of it while the failing payer was still failing.
    expect(flaky.answered.has(failing.json.id)).toBe(false);
    expect(push.stats().find((s) => s.licence === 'N-I-00001')!.consecutiveFailures).toBeGreaterThanOrEqual(3);

    outage = false;
    // Inside the window if the outage was short, else from the provider's queue.
    const answer = await providerAnswer(failing.provider, await pending, headerOf(failing.json).id, 'N-I-00001');
    expect(headerOf(answer).eventCoding.code).toBe('priorauth-response');
    expect(headerOf(answer).response.identifier).toBe(headerOf(failing.json).id);
    expect(focalOf(answer).outcome).toBe('complete');

    const failures = events.filter((e): e is Extract<PushEvent, { type: 'attempt-failed' }> => e.type === 'attempt-failed' && e.bundleId === failing.json.id);
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures.every((f) => f.failure.code === 'WASL_ERR_PUSH_STATUS' && f.failure.status === 500)).toBe(true);
    // Full jitter pinned at its ceiling: 20, 40, 80 ms, doubling from the base.
    expect(failures.slice(0, 3).map((f) => f.retryInMs)).toEqual([20, 40, 80]);
    const arrivals = flaky.attempts(failing.json.id);
    for (let i = 0; i < 3; i += 1) {
      // Each retry came no sooner than its backoff (1 ms slack: timers round to the millisecond).
      expect(arrivals[i + 1]!.at - arrivals[i]!.at).toBeGreaterThanOrEqual(failures[i]!.retryInMs! - 1);
    }
    // Every attempt carried the same bytes (same Bundle.id); it was processed once and is gone from the queue.
    expect(arrivals.every((a) => a.body === failing.text)).toBe(true);
    expect(flaky.duplicates).toBe(0);
    await delivered(events, failing.json.id);
    expect(events.filter((e) => e.type === 'delivered' && e.bundleId === failing.json.id)).toHaveLength(1);
    expect(await gw.gateway.store.depth('N-I-00001')).toBe(0);
    const stats = push.stats().find((s) => s.licence === 'N-I-00001')!;
    expect(stats).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(stats.failedAttempts).toBeGreaterThanOrEqual(3);
  });
});

describe('a payer that never answers', () => {
  let silent: FakePayer;
  let healthy: FakePayer;
  let push: PushDelivery;
  const events: PushEvent[] = [];

  beforeAll(async () => {
    silent = await FakePayer.start('N-I-00001', () => 'hang');
    healthy = await FakePayer.start('7001548317', () => 'answer');
    push = pushDelivery(gw, [silent.target, healthy.target], events, {
      leaseMs: 600,
      attemptTimeoutMs: 250,
      backoff: { baseMs: 20, maxMs: 100 },
      breaker: { failureThreshold: 2, openMs: 60_000 },
    });
    push.start();
  });
  afterAll(async () => {
    await push.close();
    await silent.stop();
    await healthy.stop();
  });

  it('times out, opens its breaker and is left alone; other payers are unaffected; its messages stay queued and it can poll them', async () => {
    const first = await Promise.all([request(gw, PREAUTH_TO_N_I_00001), request(gw, PREAUTH_TO_N_I_00001)]);
    const replies = first.map((r) => r.provider.send(r.text));
    await until('the breaker opened', () => events.some((e) => e.type === 'breaker' && e.payer === 'N-I-00001' && e.state === 'open'));
    expect(events.filter((e) => e.type === 'attempt-failed' && e.payer === 'N-I-00001').every((e) => (e as any).failure.code === 'WASL_ERR_PUSH_TIMEOUT')).toBe(true);
    await until('attempts in flight ended', () => push.stats().find((s) => s.licence === 'N-I-00001')!.inFlight === 0);
    const attemptsWhenOpened = silent.received.length;
    expect(attemptsWhenOpened).toBeGreaterThanOrEqual(2);
    // The gateway gave up on each attempt (it closed the connection) rather than waiting forever.
    await until('the payer saw its requests abandoned', () => silent.abandoned === attemptsWhenOpened);

    // The providers were told `queued` when their window closed.
    for (const reply of await Promise.all(replies)) expect(focalOf(reply.json).outcome).toBe('queued');

    // Another message for the open payer is not attempted; a realtime request to another payer is answered by it.
    const third = await request(gw, PREAUTH_TO_N_I_00001);
    expect(focalOf((await third.provider.send(third.text)).json).outcome).toBe('queued');
    const eligibility = await request(gw, ELIGIBILITY_TO_7001548317);
    const answered = await eligibility.provider.send(eligibility.text);
    expect(headerOf(answered.json).eventCoding.code).toBe('eligibility-response');
    expect(headerOf(answered.json).sender.identifier.value).toBe('7001548317');
    expect(focalOf(answered.json).outcome).toBe('complete');
    expect(errorsOf(answered.json)).toEqual([]);
    expect(silent.received.length).toBe(attemptsWhenOpened);
    expect(push.stats().find((s) => s.licence === 'N-I-00001')!.state).toBe('open');

    // Fallback: the payer polls its queue and finds all three, with their Bundle ids, and answers them.
    const ids = [...first, third].map((r) => r.json.id as string);
    expect(await gw.gateway.store.depth('N-I-00001')).toBe(3);
    const payer = await gw.client('N-I-00001');
    const polled = new Map<string, Record<string, unknown>>();
    await until('the payer polled all three', async () => {
      for (const m of (await payer.poll({ count: 10 })).messages) polled.set(m.bundleId, m.bundle);
      return polled.size === 3;
    });
    expect([...polled.keys()].sort()).toEqual([...ids].sort());
    for (const bundle of polled.values()) expect((await payer.send(answerOf(bundle, 'N-I-00001'))).status).toBe(200);
    expect(await gw.gateway.store.depth('N-I-00001')).toBe(0);
    const answers = await pollAnswers(third.provider, [...first, third].map((r) => headerOf(r.json).id as string));
    for (const answer of answers.values()) {
      expect(headerOf(answer).eventCoding.code).toBe('priorauth-response');
      expect(focalOf(answer).outcome).toBe('complete');
    }
    expect(silent.received.length).toBe(attemptsWhenOpened);
  });
});

describe('a payer that comes back', () => {
  let payer: FakePayer;
  let push: PushDelivery | undefined;
  const events: PushEvent[] = [];

  beforeAll(async () => {
    payer = await FakePayer.start('INS-FHIR', () => 'hang');
  });
  afterAll(async () => {
    await push?.close();
    await payer.stop();
  });

  it('after the cool-down one probe goes out; it succeeds, the breaker closes and the message is delivered once', async () => {
    payer.behaviour = (_, attempt) => (attempt <= 2 ? 'hang' : 'answer');
    push = pushDelivery(gw, [payer.target], events, {
      leaseMs: 600,
      attemptTimeoutMs: 150,
      backoff: { baseMs: 20, maxMs: 100 },
      breaker: { failureThreshold: 2, openMs: 300 },
    });
    push.start();
    const { text, json, provider } = await request(gw, PREAUTH_TO_INS_FHIR);
    const reply = await provider.send(text);
    // The window may close before the probe: then the answer waits in the provider's queue.
    const answer = await providerAnswer(provider, reply, headerOf(json).id, 'INS-FHIR');
    expect(headerOf(answer).response.identifier).toBe(headerOf(json).id);
    expect(headerOf(answer).sender.identifier.value).toBe('INS-FHIR');
    expect(focalOf(answer).outcome).toBe('complete');

    const states = events.filter((e) => e.type === 'breaker').map((e) => (e as { state: string }).state);
    expect(states).toEqual(['open', 'half-open', 'closed']);
    await delivered(events, json.id);
    expect(payer.attempts(json.id)).toHaveLength(3);
    expect(payer.answered.size).toBe(1);
    expect(payer.duplicates).toBe(0);
    expect(await gw.gateway.store.depth('INS-FHIR')).toBe(0);
    expect(push.stats()[0]).toMatchObject({ licence: 'INS-FHIR', state: 'closed', delivered: 1, failedAttempts: 2, consecutiveFailures: 0 });
  });

  it('close() aborts an attempt in flight at once and leaves the message queued for redelivery', async () => {
    await push?.close();
    payer.behaviour = () => 'hang';
    const events2: PushEvent[] = [];
    push = pushDelivery(gw, [payer.target], events2, { leaseMs: 60_000, attemptTimeoutMs: 30_000 });
    push.start();
    const { text, json, provider } = await request(gw, PREAUTH_TO_INS_FHIR);
    const reply = provider.send(text);
    await until('the payer received the message', () => payer.attempts(json.id).length === 1);
    const abandonedBefore = payer.abandoned;
    await push.close();
    await until('the attempt was abandoned', () => payer.abandoned === abandonedBefore + 1);
    // Shutting down is not the payer's fault: no failure recorded, and the message is still queued.
    expect(events2.filter((e) => e.type === 'attempt-failed')).toEqual([]);
    expect(await gw.gateway.store.depth('INS-FHIR')).toBe(1);
    expect(focalOf((await reply).json).outcome).toBe('queued');
  });
});
