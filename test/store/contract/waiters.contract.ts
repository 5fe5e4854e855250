/**
 * The answer-waiters contract (SPEC section 6, the synchronous window) for one instance: whoever
 * takes a waiter first (the answer's claim or the window's end) owns it. The Redis adapter's own
 * tests add what only several instances can show.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerWaiters, StoredMessage } from '../../../src/store/ports.js';

export interface WaitersFactory {
  create(): Promise<AnswerWaiters>;
  destroy(waiters: AnswerWaiters): Promise<void>;
}

export function answerMessage(): StoredMessage {
  const bundleId = randomUUID();
  return { bundleId, event: 'claim-response', body: JSON.stringify({ resourceType: 'Bundle', id: bundleId }) };
}

/** The key the exchange uses: sender and MessageHeader.id. */
export function waiterKey(): string {
  return `prov-${randomUUID()}\u0000${randomUUID()}`;
}

export function waitersContract(name: string, factory: WaitersFactory): void {
  describe(`${name}: answer waiters contract`, () => {
    let waiters: AnswerWaiters;
    beforeAll(async () => {
      waiters = await factory.create();
    });
    afterAll(async () => {
      await factory.destroy(waiters);
    });

    it('hands a claimed answer to the waiting provider', async () => {
      const key = waiterKey();
      const pending = waiters.wait(key, 10_000);
      const deliver = await waiters.claim(key);
      expect(deliver).toBeTypeOf('function');
      const answer = answerMessage();
      deliver!(answer);
      expect(await pending.answer).toEqual(answer);
      expect(await waiters.claim(key)).toBeUndefined();
    });

    it('resolves undefined when recording the claimed answer failed', async () => {
      const key = waiterKey();
      const pending = waiters.wait(key, 10_000);
      (await waiters.claim(key))!(undefined);
      expect(await pending.answer).toBeUndefined();
    });

    it('answers undefined when the window closes, and a later claim finds nobody', async () => {
      const key = waiterKey();
      const pending = waiters.wait(key, 50);
      expect(await pending.answer).toBeUndefined();
      expect(await waiters.claim(key)).toBeUndefined();
    });

    it('a cancelled wait answers undefined and cannot be claimed', async () => {
      const key = waiterKey();
      const pending = waiters.wait(key, 10_000);
      pending.cancel();
      expect(await pending.answer).toBeUndefined();
      expect(await waiters.claim(key)).toBeUndefined();
    });

    it('a second wait on the same request makes the first give way', async () => {
      const key = waiterKey();
      const first = waiters.wait(key, 10_000);
      const second = waiters.wait(key, 10_000);
      expect(await first.answer).toBeUndefined();
      const answer = answerMessage();
      (await waiters.claim(key))!(answer);
      expect(await second.answer).toEqual(answer);
    });

    it('releaseAll lets every waiter answer undefined at once', async () => {
      const keys = [waiterKey(), waiterKey()];
      const pending = keys.map((key) => waiters.wait(key, 60_000));
      waiters.releaseAll();
      expect(await Promise.all(pending.map((p) => p.answer))).toEqual([undefined, undefined]);
      for (const key of keys) expect(await waiters.claim(key)).toBeUndefined();
    });
  });
}
