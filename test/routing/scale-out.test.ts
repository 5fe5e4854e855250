/**
 * Routing at scale (SPEC section 10): two gateway instances, A and B, share one real Redis and
 * one data directory (which then only holds participants and keys). Whatever instance a
 * participant reaches, it sees the same exchanges and the same queues: a message submitted to A
 * is polled and answered on B, a provider waiting on A gets the answer given on B, resends and
 * reused ids are recognised across instances, and both report the same queue depth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolledMessage, WaslClient } from '../../src/client/wasl-client.js';
import { LICENCE_SYSTEMS } from '../../src/fhir/identity.js';
import { answerRequest } from '../../src/payer-sim/answers.js';
import { errorsOf, focalOf, headerOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { fresh, sample } from '../support/samples.js';

const PAYER = 'N-I-00001';
/** Long enough for a payer on the other instance to poll and answer on a loaded CI machine. */
const SYNC_WINDOW_MS = 3000;

/** The payer's answer to a polled request, as the reference payer would give it. */
function answerOf(payer: WaslClient, request: PolledMessage): Record<string, unknown> {
  const answer = answerRequest(request.bundle, { licence: payer.licence, system: LICENCE_SYSTEMS.payer, baseUrl: 'http://payer.example' });
  if (!answer) throw new Error(`the reference payer does not answer ${request.event}`);
  return answer;
}

/** Acknowledges without fetching anything (`include: none` matches no event). */
async function acknowledge(client: WaslClient, bundleIds: readonly string[]): Promise<void> {
  const { result } = await client.poll({ count: 1, acknowledge: bundleIds, include: ['none'] });
  expect(result.status).toBe(200);
}

/** The static secret a scraper presents at `/metrics` (WASL_METRICS_TOKEN). */
const METRICS_TOKEN = 'scale-out-test-metrics-secret-0123456789';

/** The queue gauges one instance reports at `/metrics`, by recipient. */
async function queueGauges(url: string): Promise<{ depth: Record<string, number>; available: Record<string, number> }> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const gauges = { depth: {} as Record<string, number>, available: {} as Record<string, number> };
  for (const line of (await response.text()).split('\n')) {
    const match = /^wasl_queue_(depth|available)\{recipient="([^"]+)"\} (\S+)$/.exec(line);
    if (match) gauges[match[1] as 'depth' | 'available'][match[2]!] = Number(match[3]);
  }
  return gauges;
}

describe('two gateway instances over one Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-scale-'));
  let redis: TestRedisServer | undefined;
  let a: TestGateway | undefined;
  let b: TestGateway | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    // Byte-exact delivery is what these tests compare; risk entries over two instances are test/risk's.
    const env = { WASL_REDIS_URL: redis.url, WASL_SYNC_WINDOW_MS: String(SYNC_WINDOW_MS), WASL_METRICS_TOKEN: METRICS_TOKEN, WASL_RISK_CHECKS: 'off' };
    // One after the other: both would initialise the shared data directory at once otherwise.
    a = await startTestGateway(env, dataDir);
    b = await startTestGateway(env, dataDir);
  });
  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const A = (): TestGateway => a as TestGateway;
  const B = (): TestGateway => b as TestGateway;

  /** Every test leaves both queues empty, so the next one can count exactly. */
  async function expectEmptyQueues(...licences: string[]): Promise<void> {
    for (const licence of licences) {
      expect(await A().gateway.store.depth(licence)).toBe(0);
      expect(await B().gateway.store.depth(licence)).toBe(0);
    }
  }

  it('a claim submitted to A is polled and answered on B, and its answer polled from A; acknowledged messages are gone from both', async () => {
    const providerA = await A().client('N-F-00003');
    const providerB = await B().client('N-F-00003');
    const payerA = await A().client(PAYER);
    const payerB = await B().client(PAYER);
    const claim = fresh(sample('7a-claim-dental-request.json').json);

    // Nobody answers within the window: the provider is told `queued`.
    const submitted = await providerA.send(claim);
    expect(submitted.status).toBe(200);
    expect(focalOf(submitted.json).outcome).toBe('queued');

    const polled = await payerB.poll({ count: 10 });
    expect(polled.messages.map((m) => m.bundleId)).toEqual([claim.id]);
    expect(polled.messages[0]!.bundle).toEqual(claim);
    // Leased by B's poll: A has nothing to hand out, though it sees the message queued.
    expect((await payerA.poll({ count: 10 })).messages).toEqual([]);
    expect(await A().gateway.store.depth(PAYER)).toBe(1);

    const acknowledgement = await payerB.send(answerOf(payerB, polled.messages[0]!));
    expect(acknowledgement.status).toBe(200);
    expect(errorsOf(acknowledgement.json)).toEqual([]);
    // The answer removed the request from the payer's queue, as seen from either instance.
    expect(await A().gateway.store.queued(PAYER, claim.id)).toBeUndefined();
    expect(await B().gateway.store.queued(PAYER, claim.id)).toBeUndefined();

    const answers = await providerA.poll({ count: 10 });
    expect(answers.messages).toHaveLength(1);
    const answer = answers.messages[0]!;
    expect(answer.event).toBe('claim-response');
    expect(headerOf(answer.bundle).response.identifier).toBe(headerOf(claim).id);
    expect(headerOf(answer.bundle).sender.identifier.value).toBe(PAYER);
    expect(focalOf(answer.bundle).outcome).toBe('complete');

    // Acknowledged on A: B never hands it out again.
    await acknowledge(providerA, [answer.bundleId]);
    expect((await providerB.poll({ count: 10 })).messages).toEqual([]);
    expect((await payerB.poll({ count: 10 })).messages).toEqual([]);
    await expectEmptyQueues(PAYER, 'N-F-00003');
  });

  const SYNC_CASES = [
    { name: 'a prior authorization', file: '5a-preauth-professional-request.json', answer: 'priorauth-response', focal: 'ClaimResponse' },
    { name: 'an eligibility request', file: '14a-eligibilty-request-ben-val.json', answer: 'eligibility-response', focal: 'CoverageEligibilityResponse' },
  ] as const;

  for (const c of SYNC_CASES) {
    it(`${c.name} waiting on A gets the ${c.answer} the payer gives on B, inside the synchronous window`, async () => {
      const request = fresh(sample(c.file).json);
      const provider = await A().client(headerOf(request).sender.identifier.value);
      const payer = await B().client(PAYER);
      // Tokens first, so the long poll is waiting on B before the request reaches A.
      await Promise.all([provider.token(), payer.token()]);

      const longPoll = payer.poll({ count: 1, wait: 10, include: [c.answer.replace('-response', '-request')] });
      const pending = provider.send(request);
      const polled = await longPoll;
      expect(polled.messages.map((m) => m.bundleId)).toEqual([request.id]);
      const acknowledgement = await payer.send(answerOf(payer, polled.messages[0]!));
      expect(acknowledgement.status).toBe(200);
      expect(errorsOf(acknowledgement.json)).toEqual([]);

      const reply = await pending;
      expect(reply.status).toBe(200);
      const header = headerOf(reply.json);
      expect(header.eventCoding.code).toBe(c.answer);
      // The payer's own answer, not the gateway's `queued` (or, for eligibility, GE-00012).
      expect(header.sender.identifier.value).toBe(PAYER);
      expect(header.response.identifier).toBe(headerOf(request).id);
      expect(errorsOf(reply.json)).toEqual([]);
      expect(focalOf(reply.json).resourceType).toBe(c.focal);
      expect(focalOf(reply.json).outcome).toBe('complete');
      // Handed over synchronously, so it was not queued for the provider as well.
      await expectEmptyQueues(PAYER, provider.licence);
    });
  }

  it('copies of the payer\'s answer sent to A and B at once reach the provider waiting on A exactly once', async () => {
    const provider = await A().client('N-F-00001');
    const providerB = await B().client('N-F-00001');
    const payerA = await A().client(PAYER);
    const payerB = await B().client(PAYER);
    await Promise.all([provider.token(), providerB.token(), payerA.token(), payerB.token()]);
    const requests = Array.from({ length: 4 }, () => fresh(sample('5a-preauth-professional-request.json').json));
    const pending = requests.map((request) => provider.send(request));

    const polled: PolledMessage[] = [];
    while (polled.length < requests.length) polled.push(...(await payerB.poll({ count: 10, wait: 5 })).messages);
    expect(polled.map((m) => m.bundleId).sort()).toEqual(requests.map((r) => r.id as string).sort());
    await Promise.all(
      polled.map(async (request) => {
        const text = JSON.stringify(answerOf(payerB, request));
        for (const reply of await Promise.all([payerA.send(text), payerB.send(text)])) {
          expect(reply.status).toBe(200);
          expect(errorsOf(reply.json)).toEqual([]);
        }
      }),
    );

    // Each answer went one way only: in the HTTP reply (inside the window) or, failing that, to the provider's queue.
    const replies = await Promise.all(pending);
    const handedOver = new Set(replies.filter((reply) => headerOf(reply.json).sender.identifier.value === PAYER).map((reply) => headerOf(reply.json).response.identifier as string));
    const queued = (await providerB.poll({ count: 10 })).messages;
    const queuedFor = queued.map((m) => headerOf(m.bundle).response.identifier as string);
    expect([...handedOver, ...queuedFor].sort()).toEqual(requests.map((r) => headerOf(r).id as string).sort());
    await acknowledge(providerB, queued.map((m) => m.bundleId));
    await expectEmptyQueues(PAYER, provider.licence);
  });

  it('resends and reused ids are recognised whichever instance receives them', async () => {
    const providerA = await A().client('N-F-00003');
    const providerB = await B().client('N-F-00003');
    const payerB = await B().client(PAYER);
    const claim = fresh(sample('7a-claim-dental-request.json').json);
    const text = JSON.stringify(claim);

    expect(focalOf((await providerA.send(text)).json).outcome).toBe('queued');
    // A byte-identical resend to B while the payer is silent: `queued` again, nothing queued twice.
    const resent = await providerB.send(text);
    expect(resent.status).toBe(200);
    expect(focalOf(resent.json).outcome).toBe('queued');
    expect(await B().gateway.store.depth(PAYER)).toBe(1);

    const newContent = structuredClone(claim);
    newContent.entry[0].resource.id = crypto.randomUUID();
    newContent.entry[1].resource.identifier[0].value += '-b';
    expect(errorsOf((await providerB.send(newContent)).json)).toEqual([{ code: 'BV-00127', expression: 'Bundle.id' }]);
    const newBundleId = structuredClone(claim);
    newBundleId.id = crypto.randomUUID();
    expect(errorsOf((await providerB.send(newBundleId)).json)).toEqual([{ code: 'BV-00532', expression: 'Bundle.entry[0].resource.id' }]);
    expect(await A().gateway.store.depth(PAYER)).toBe(1);

    const polled = await payerB.poll({ count: 10 });
    expect(polled.messages.map((m) => m.bundleId)).toEqual([claim.id]);
    await payerB.send(answerOf(payerB, polled.messages[0]!));

    // After the answer, a resend to either instance returns the payer's stored answer.
    const storedOnB = await providerB.send(text);
    expect(headerOf(storedOnB.json).eventCoding.code).toBe('claim-response');
    expect(headerOf(storedOnB.json).sender.identifier.value).toBe(PAYER);
    const storedOnA = await providerA.send(text);
    expect(storedOnA.json.id).toBe(storedOnB.json.id);

    // The answer also waits in the provider's queue (the window had closed); take it off.
    const answers = await providerA.poll({ count: 10 });
    expect(answers.messages.map((m) => m.bundleId)).toEqual([storedOnA.json.id]);
    await acknowledge(providerA, [storedOnA.json.id as string]);
    await expectEmptyQueues(PAYER, 'N-F-00003');
  });

  it('copies sent to A and B at the same moment are recorded once and queued once', async () => {
    const providerA = await A().client('N-F-00003');
    const providerB = await B().client('N-F-00003');
    const payerA = await A().client(PAYER);
    await Promise.all([providerA.token(), providerB.token()]);

    // Several races at once, so the Redis-side duplicate check (not luck) decides them.
    const identical = Array.from({ length: 4 }, () => JSON.stringify(fresh(sample('7a-claim-dental-request.json').json)));
    const conflicting = Array.from({ length: 4 }, () => {
      const first = fresh(sample('7a-claim-dental-request.json').json);
      const second = structuredClone(first);
      second.entry[0].resource.id = crypto.randomUUID();
      // Still a valid claim (another business identifier), so either copy could be the one queued.
      second.entry[1].resource.identifier[0].value += '-b';
      return [first, second] as const;
    });
    const [identicalReplies, conflictingReplies] = await Promise.all([
      Promise.all(identical.map((text) => Promise.all([providerA.send(text), providerB.send(text)]))),
      Promise.all(conflicting.map(([first, second]) => Promise.all([providerA.send(first), providerB.send(second)]))),
    ]);

    for (const pair of identicalReplies) {
      for (const reply of pair) {
        expect(reply.status).toBe(200);
        expect(focalOf(reply.json).outcome).toBe('queued');
      }
    }
    // Same Bundle.id, different content: whichever instance recorded first queued it, the other refused it.
    for (const pair of conflictingReplies) {
      const outcomes = pair.map((reply) => (focalOf(reply.json).outcome === 'queued' ? 'queued' : JSON.stringify(errorsOf(reply.json))));
      expect(outcomes.sort()).toEqual([JSON.stringify([{ code: 'BV-00127', expression: 'Bundle.id' }]), 'queued']);
    }

    const expected = [...identical.map((text) => (JSON.parse(text) as { id: string }).id), ...conflicting.map(([first]) => first.id as string)];
    expect(await A().gateway.store.depth(PAYER)).toBe(expected.length);
    const polled = await payerA.poll({ count: 100 });
    expect(polled.messages.map((m) => m.bundleId).sort()).toEqual([...expected].sort());
    await acknowledge(payerA, expected);
    await expectEmptyQueues(PAYER, 'N-F-00003');
  });

  it('both instances report the same queue depth at /metrics', async () => {
    const providerA = await A().client('N-F-00003');
    const providerB = await B().client('N-F-00003');
    const payerB = await B().client(PAYER);
    const claims = [fresh(sample('7a-claim-dental-request.json').json), fresh(sample('7a-claim-dental-request.json').json), fresh(sample('7a-claim-dental-request.json').json)];
    await Promise.all(claims.map((claim, n) => (n % 2 === 0 ? providerA : providerB).send(claim)));

    const before = await Promise.all([queueGauges(A().url), queueGauges(B().url)]);
    expect(before[0].depth[PAYER]).toBe(3);
    expect(before[1]).toEqual(before[0]);

    // A lease taken through B shows as unavailable on A.
    const polled = await payerB.poll({ count: 1 });
    expect(polled.messages).toHaveLength(1);
    const leased = await Promise.all([queueGauges(A().url), queueGauges(B().url)]);
    expect(leased[0].depth[PAYER]).toBe(3);
    expect(leased[0].available[PAYER]).toBe(2);
    expect(leased[1]).toEqual(leased[0]);

    await acknowledge(payerB, claims.map((claim) => claim.id as string));
    const after = await Promise.all([queueGauges(A().url), queueGauges(B().url)]);
    expect(after[0].depth[PAYER]).toBeUndefined();
    expect(after[1]).toEqual(after[0]);
  });
});
