import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisBackend, type RedisBackend } from '../../../src/store/redis/index.js';
import type { AnswerWaiters, ExchangeRecord } from '../../../src/store/ports.js';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server.js';
import { answerMessage, waitersContract } from '../contract/waiters.contract.js';

let server: TestRedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

const backends = new Map<AnswerWaiters, RedisBackend>();
waitersContract('Redis', {
  async create() {
    const backend = await openRedisBackend({ url: server.url, prefix: `wasl-test-${randomUUID()}:` });
    backends.set(backend.waiters, backend);
    return backend.waiters;
  },
  async destroy(waiters) {
    await backends.get(waiters)?.close();
  },
});

/** A provider's request, recorded as the exchange would: the waiter key names it. */
async function recordedRequest(backend: RedisBackend): Promise<{ key: string; record: ExchangeRecord }> {
  const provider = `prov-${randomUUID()}`;
  const bundleId = randomUUID();
  const record: ExchangeRecord = {
    headerId: randomUUID(),
    bundleId,
    sender: provider,
    recipient: 'payer',
    event: 'claim-request',
    contentHash: 'h',
    receivedAt: Date.now(),
    state: 'queued',
  };
  await backend.store.accept(record);
  return { key: `${record.sender}\u0000${record.headerId}`, record };
}

describe('Redis answer waiters across gateway instances', () => {
  let a: RedisBackend;
  let b: RedisBackend;
  beforeAll(async () => {
    const prefix = `wasl-test-${randomUUID()}:`;
    // A short grace keeps the race tests quick; production waits longer.
    a = await openRedisBackend({ url: server.url, prefix, claimGraceMs: 1500 });
    b = await openRedisBackend({ url: server.url, prefix, claimGraceMs: 1500 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('an answer claimed on instance B completes the provider waiting on instance A', async () => {
    const { key } = await recordedRequest(a);
    const pending = a.waiters.wait(key, 10_000);
    const deliver = await b.waiters.claim(key);
    expect(deliver).toBeTypeOf('function');
    const answer = answerMessage();
    deliver!(answer);
    expect(await pending.answer).toEqual(answer);
  });

  it('a failed recording on B lets A answer `queued` at once', async () => {
    const { key } = await recordedRequest(a);
    const pending = a.waiters.wait(key, 10_000);
    (await b.waiters.claim(key))!(undefined);
    expect(await pending.answer).toBeUndefined();
  });

  it('when the window on A closes first, A answers undefined and a late claim on B finds nobody', async () => {
    const { key } = await recordedRequest(a);
    const pending = a.waiters.wait(key, 80);
    expect(await pending.answer).toBeUndefined();
    expect(await b.waiters.claim(key)).toBeUndefined();
  });

  it('an answer claimed just before the window closed still reaches A, though it arrives after the window', async () => {
    const { key, record } = await recordedRequest(a);
    const pending = a.waiters.wait(key, 80);
    const deliver = await b.waiters.claim(key);
    expect(deliver).toBeTypeOf('function');
    // B records the answer only after A's window has closed.
    await new Promise((r) => setTimeout(r, 200));
    const answer = answerMessage();
    await b.store.answer({ sender: record.sender, headerId: record.headerId }, answer, {});
    deliver!(answer);
    expect(await pending.answer).toEqual(answer);
  });

  it('an answer recorded by B whose message never arrives is read from the store', async () => {
    const { key, record } = await recordedRequest(a);
    const pending = a.waiters.wait(key, 80);
    expect(await b.waiters.claim(key)).toBeTypeOf('function');
    const answer = answerMessage();
    // B recorded the answer and then died before telling A.
    await b.store.answer({ sender: record.sender, headerId: record.headerId }, answer, {});
    expect(await pending.answer).toEqual(answer);
  });

  it('copies of one request waiting on A and B: the copy refused as a duplicate gives way without taking the other\'s waiter', async () => {
    // Both instances passed the look-up; both wait before their writes; A's write wins, B's is
    // refused (DuplicateExchangeError) and B cancels its wait, as the exchange does.
    const { key, record } = await recordedRequest(a);
    const onA = a.waiters.wait(key, 10_000);
    const onB = b.waiters.wait(key, 10_000);
    onB.cancel();
    expect(await onB.answer).toBeUndefined();

    // The payer's answer still finds the provider waiting on A.
    const deliver = await b.waiters.claim(key);
    expect(deliver).toBeTypeOf('function');
    const answer = answerMessage();
    await b.store.answer({ sender: record.sender, headerId: record.headerId }, answer, {});
    deliver!(answer);
    expect(await onA.answer).toEqual(answer);
  });

  it('a copy that waits second cannot be claimed: the first waiter keeps its request, and its window closing settles it', async () => {
    const { key } = await recordedRequest(a);
    const onA = a.waiters.wait(key, 80);
    const onB = b.waiters.wait(key, 10_000);
    // A's window closes and A still owns the request: `queued`, and a later answer is queued, not handed over.
    expect(await onA.answer).toBeUndefined();
    expect(await a.waiters.claim(key)).toBeUndefined();
    onB.cancel();
    expect(await onB.answer).toBeUndefined();
  });

  it('of a claim and a closing window racing many times, exactly one wins and no answer is lost', async () => {
    // Claims well inside the window, well after it, and around its end.
    const claimDelays = [0, 0, 120, 120, ...Array.from({ length: 16 }, (_, i) => 22 + i)];
    const rounds = await Promise.all(
      claimDelays.map(async (delay) => {
        const { key, record } = await recordedRequest(a);
        const pending = a.waiters.wait(key, 30);
        await new Promise((r) => setTimeout(r, delay));
        const deliver = await b.waiters.claim(key);
        const answer = answerMessage();
        if (deliver) {
          await b.store.answer({ sender: record.sender, headerId: record.headerId }, answer, {});
          deliver(answer);
        }
        return { claimed: deliver !== undefined, got: await pending.answer, answer };
      }),
    );
    for (const round of rounds) expect(round.got).toEqual(round.claimed ? round.answer : undefined);
    expect(rounds.some((round) => round.claimed)).toBe(true);
    expect(rounds.some((round) => !round.claimed)).toBe(true);
  });
});
