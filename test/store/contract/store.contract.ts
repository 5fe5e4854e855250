/**
 * The storage contract: every adapter (embedded LMDB and Redis) must pass this suite,
 * run against a real instance. Each test uses its own recipients, so adapters need not be
 * emptied between tests.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeRecord, GatewayStore, StoredMessage, SubscriptionRecord } from '../../../src/store/ports.js';

export interface StoreFactory {
  create(): Promise<GatewayStore>;
  /** Closes and reopens on the same data: what a restart does. */
  reopen?(store: GatewayStore): Promise<GatewayStore>;
  destroy(store: GatewayStore): Promise<void>;
}

function message(event = 'claim-request'): StoredMessage {
  const bundleId = randomUUID();
  return { bundleId, event, body: JSON.stringify({ resourceType: 'Bundle', id: bundleId }) };
}

function record(msg: StoredMessage, sender: string, recipient: string, extra: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return { headerId: randomUUID(), bundleId: msg.bundleId, sender, recipient, event: msg.event, contentHash: 'h', receivedAt: Date.now(), state: 'queued', ...extra };
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name}: store contract`, () => {
    let store: GatewayStore;
    beforeAll(async () => {
      store = await factory.create();
    });
    afterAll(async () => {
      await factory.destroy(store);
    });

    it('accept records the exchange, indexes it by bundle and focal identifier, and queues it', async () => {
      const payer = `payer-${randomUUID()}`;
      const msg = message();
      const rec = record(msg, 'prov-a', payer, { businessKeys: ['key-c-1'] });
      await store.accept(rec, { recipient: payer, sender: 'prov-a', message: msg });
      expect(await store.findExchange('prov-a', rec.headerId)).toEqual(rec);
      expect(await store.findExchange('prov-b', rec.headerId)).toBeUndefined();
      expect((await store.findExchangeByBundle('prov-a', msg.bundleId))?.headerId).toBe(rec.headerId);
      expect(await store.findExchangeByBundle('prov-b', msg.bundleId)).toBeUndefined();
      expect((await store.findExchangeByBusinessKey('key-c-1'))?.headerId).toBe(rec.headerId);
      expect(await store.stats(payer)).toMatchObject({ depth: 1, available: 1 });
      expect(await store.depth(payer)).toBe(1);
    });

    it('a rejected exchange is never indexed by business key: it cannot displace the accepted one', async () => {
      const payer = `payer-${randomUUID()}`;
      const key = `key-${randomUUID()}`;
      const accepted = record(message(), 'prov-a', payer, { businessKeys: [key] });
      await store.accept(accepted);
      await store.accept({ ...record(message(), 'prov-a', payer, { businessKeys: [key] }), state: 'rejected' });
      expect((await store.findExchangeByBusinessKey(key))?.headerId).toBe(accepted.headerId);
      const alone = `key-${randomUUID()}`;
      await store.accept({ ...record(message(), 'prov-b', payer, { businessKeys: [alone] }), state: 'rejected' });
      expect(await store.findExchangeByBusinessKey(alone)).toBeUndefined();
    });

    it('leases in FIFO order, hides leased messages, redelivers after the lease with the same bundle id', async () => {
      const payer = `payer-${randomUUID()}`;
      const msgs = [message(), message(), message()];
      for (const m of msgs) await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
      const first = await store.lease(payer, { count: 2, leaseMs: 300 });
      expect(first.map((e) => e.message.bundleId)).toEqual([msgs[0]!.bundleId, msgs[1]!.bundleId]);
      expect(first.every((e) => e.deliveries === 1)).toBe(true);
      const second = await store.lease(payer, { count: 10, leaseMs: 300 });
      expect(second.map((e) => e.message.bundleId)).toEqual([msgs[2]!.bundleId]);
      expect(await store.lease(payer, { count: 10, leaseMs: 300 })).toEqual([]);
      await new Promise((r) => setTimeout(r, 400));
      const again = await store.lease(payer, { count: 10, leaseMs: 300 });
      expect(again.map((e) => e.message.bundleId)).toEqual(msgs.map((m) => m.bundleId));
      expect(again.map((e) => e.deliveries)).toEqual([2, 2, 2]);
      expect(again[0]!.message.body).toBe(msgs[0]!.body);
    });

    it('acknowledged messages are gone for good; unknown ids are ignored', async () => {
      const payer = `payer-${randomUUID()}`;
      const a = message();
      const b = message();
      for (const m of [a, b]) await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
      await store.lease(payer, { count: 2, leaseMs: 50 });
      expect(await store.ack(payer, [a.bundleId, 'no-such-id'])).toBe(1);
      expect(await store.ack(payer, [a.bundleId])).toBe(0);
      expect(await store.depth(payer)).toBe(1);
      await new Promise((r) => setTimeout(r, 80));
      const left = await store.lease(payer, { count: 10, leaseMs: 50 });
      expect(left.map((e) => e.message.bundleId)).toEqual([b.bundleId]);
    });

    it('filters by event with include and exclude', async () => {
      const payer = `payer-${randomUUID()}`;
      const claim = message('claim-request');
      const elig = message('eligibility-request');
      for (const m of [claim, elig]) await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
      const onlyElig = await store.lease(payer, { count: 10, leaseMs: 1000, include: ['eligibility-request'] });
      expect(onlyElig.map((e) => e.message.event)).toEqual(['eligibility-request']);
      const notElig = await store.lease(payer, { count: 10, leaseMs: 1000, exclude: ['eligibility-request'] });
      expect(notElig.map((e) => e.message.event)).toEqual(['claim-request']);
    });

    it('answer records the answer, acknowledges the request and queues the answer in one step', async () => {
      const payer = `payer-${randomUUID()}`;
      const provider = `prov-${randomUUID()}`;
      const request = message();
      const rec = record(request, provider, payer);
      await store.accept(rec, { recipient: payer, sender: provider, message: request });
      await store.lease(payer, { count: 1, leaseMs: 60_000 });
      const response = message('claim-response');
      const responseRecord = record(response, payer, provider, { state: 'answered' });
      await store.answer({ sender: provider, headerId: rec.headerId }, response, {
        record: responseRecord,
        ackFrom: { recipient: payer, bundleId: request.bundleId },
        enqueue: { recipient: provider, sender: payer, message: response },
      });
      const answered = await store.findExchange(provider, rec.headerId);
      expect(answered?.state).toBe('answered');
      expect(answered?.answer).toEqual(response);
      expect(await store.stats(payer)).toMatchObject({ depth: 0 });
      expect((await store.findExchangeByBundle(payer, response.bundleId))?.headerId).toBe(responseRecord.headerId);
      const delivered = await store.lease(provider, { count: 5, leaseMs: 1000 });
      expect(delivered.map((e) => e.message)).toEqual([response]);
    });

    it('refuses a second record with a used Bundle.id or MessageHeader.id of the same sender, writing nothing', async () => {
      const payer = `payer-${randomUUID()}`;
      const m = message();
      const first = record(m, 'prov', payer);
      await store.accept(first, { recipient: payer, sender: 'prov', message: m });
      const sameBundle = store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
      await expect(sameBundle).rejects.toMatchObject({ code: 'WASL_ERR_DUPLICATE_EXCHANGE', kind: 'bundle' });
      const other = message();
      const sameHeader = store.accept(record(other, 'prov', payer, { headerId: first.headerId }), { recipient: payer, sender: 'prov', message: other });
      await expect(sameHeader).rejects.toMatchObject({ code: 'WASL_ERR_DUPLICATE_EXCHANGE', kind: 'header' });
      expect((await store.stats(payer)).depth).toBe(1);
      expect(await store.findExchangeByBundle('prov', other.bundleId)).toBeUndefined();
      // Ids are unique per sender only: another sender may use the same ones.
      await store.accept(record(m, 'prov-2', payer, { headerId: first.headerId }));
      expect((await store.findExchange('prov-2', first.headerId))?.sender).toBe('prov-2');
    });

    it('keeps one FIFO order across events, whatever the filter', async () => {
      const payer = `payer-${randomUUID()}`;
      const msgs = [message('claim-request'), message('eligibility-request'), message('claim-request'), message('eligibility-request')];
      for (const m of msgs) await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
      const claims = await store.lease(payer, { count: 10, leaseMs: 60_000, include: ['claim-request'] });
      expect(claims.map((e) => e.message.bundleId)).toEqual([msgs[0]!.bundleId, msgs[2]!.bundleId]);
      const rest = await store.lease(payer, { count: 10, leaseMs: 60_000, exclude: ['priorauth-request'] });
      expect(rest.map((e) => e.message.bundleId)).toEqual([msgs[1]!.bundleId, msgs[3]!.bundleId]);
      expect(await store.lease(payer, { count: 10, leaseMs: 60_000 })).toEqual([]);
    });

    it('hands out each entry with its sender, enqueue time and lease end', async () => {
      const payer = `payer-${randomUUID()}`;
      const m = message();
      const before = Date.now();
      await store.accept(record(m, 'prov-x', payer), { recipient: payer, sender: 'prov-x', message: m });
      const [entry] = await store.lease(payer, { count: 1, leaseMs: 5_000 });
      expect(entry).toMatchObject({ recipient: payer, sender: 'prov-x', message: m, deliveries: 1 });
      expect(entry!.enqueuedAt).toBeGreaterThanOrEqual(before);
      expect(entry!.leaseUntil).toBeGreaterThanOrEqual(entry!.enqueuedAt + 5_000);
    });

    it('finds one queued entry by Bundle id, with its deliveries, until it is acknowledged', async () => {
      const payer = `payer-${randomUUID()}`;
      const m = message();
      await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
      expect(await store.queued(payer, m.bundleId)).toMatchObject({ sender: 'prov', message: m, deliveries: 0, leaseUntil: 0 });
      await store.lease(payer, { count: 1, leaseMs: 60_000 });
      const leased = await store.queued(payer, m.bundleId);
      expect(leased?.deliveries).toBe(1);
      expect(leased!.leaseUntil).toBeGreaterThan(Date.now());
      expect(await store.queued(`other-${randomUUID()}`, m.bundleId)).toBeUndefined();
      await store.ack(payer, [m.bundleId]);
      expect(await store.queued(payer, m.bundleId)).toBeUndefined();
    });

    it('counts available and redelivered entries and reports the oldest', async () => {
      const payer = `payer-${randomUUID()}`;
      const a = message();
      const b = message();
      const before = Date.now();
      for (const m of [a, b]) await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
      expect(await store.stats(payer)).toMatchObject({ depth: 2, available: 2, redelivered: 0 });
      expect((await store.stats(payer)).oldestEnqueuedAt).toBeGreaterThanOrEqual(before);
      await store.lease(payer, { count: 2, leaseMs: 60 });
      expect(await store.stats(payer)).toMatchObject({ depth: 2, available: 0, redelivered: 0 });
      await new Promise((r) => setTimeout(r, 90));
      expect(await store.stats(payer)).toMatchObject({ depth: 2, available: 2, redelivered: 0 });
      await store.lease(payer, { count: 1, leaseMs: 60_000 });
      expect(await store.stats(payer)).toMatchObject({ depth: 2, available: 1, redelivered: 1 });
      await store.ack(payer, [a.bundleId]);
      expect(await store.stats(payer)).toMatchObject({ depth: 1, available: 1, redelivered: 0 });
      await store.ack(payer, [b.bundleId]);
      expect(await store.stats(payer)).toEqual({ depth: 0, available: 0, redelivered: 0 });
    });

    it('reports every recipient with queued messages, and drops one whose queue is empty', async () => {
      const payer = `payer-${randomUUID()}`;
      const provider = `prov-${randomUUID()}`;
      const toPayer = [message(), message()];
      const toProvider = message('claim-response');
      for (const m of toPayer) await store.accept(record(m, provider, payer), { recipient: payer, sender: provider, message: m });
      await store.accept(record(toProvider, payer, provider), { recipient: provider, sender: payer, message: toProvider });
      await store.lease(payer, { count: 1, leaseMs: 60_000 });
      const mine = (await store.queueReport()).filter((r) => r.recipient === payer || r.recipient === provider);
      expect(mine.sort((x, y) => x.recipient.localeCompare(y.recipient))).toEqual(
        [
          { recipient: payer, depth: 2, available: 1, redelivered: 0, oldestEnqueuedAt: expect.any(Number) },
          { recipient: provider, depth: 1, available: 1, redelivered: 0, oldestEnqueuedAt: expect.any(Number) },
        ].sort((x, y) => x.recipient.localeCompare(y.recipient)),
      );
      await store.ack(provider, [toProvider.bundleId]);
      const after = (await store.queueReport()).map((r) => r.recipient);
      expect(after).toContain(payer);
      expect(after).not.toContain(provider);
    });

    it('does not queue a message twice for the same recipient while it is still queued', async () => {
      const payer = `payer-${randomUUID()}`;
      const m = message();
      await store.accept(record(m, 'prov-1', payer), { recipient: payer, sender: 'prov-1', message: m });
      await store.accept(record(m, 'prov-2', payer), { recipient: payer, sender: 'prov-2', message: m });
      expect(await store.depth(payer)).toBe(1);
    });

    it('records only one of several copies accepted at once', async () => {
      const payer = `payer-${randomUUID()}`;
      const m = message();
      const rec = record(m, 'prov', payer);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => store.accept(rec, { recipient: payer, sender: 'prov', message: m })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'WASL_ERR_DUPLICATE_EXCHANGE' });
      expect(await store.depth(payer)).toBe(1);
    });

    it('keeps an answer given at acceptance (notices, rejections)', async () => {
      const m = message('payment-notice');
      const ack = message('acknowledgement');
      const rec = record(m, `prov-${randomUUID()}`, 'payer', { state: 'answered', answer: ack, answeredAt: 1_700_000_000_123 });
      await store.accept(rec);
      expect(await store.findExchange(rec.sender, rec.headerId)).toEqual(rec);
    });

    it('answer refuses a reused id of the answering party, writing nothing at all', async () => {
      const payer = `payer-${randomUUID()}`;
      const provider = `prov-${randomUUID()}`;
      const request = message();
      const rec = record(request, provider, payer);
      await store.accept(rec, { recipient: payer, sender: provider, message: request });
      const earlier = message('claim-response');
      const earlierRecord = record(earlier, payer, provider, { state: 'answered' });
      await store.accept(earlierRecord);
      const response = message('claim-response');
      const reusing = record(response, payer, provider, { state: 'answered', headerId: earlierRecord.headerId });
      const attempt = store.answer({ sender: provider, headerId: rec.headerId }, response, {
        record: reusing,
        ackFrom: { recipient: payer, bundleId: request.bundleId },
        enqueue: { recipient: provider, sender: payer, message: response },
      });
      await expect(attempt).rejects.toMatchObject({ code: 'WASL_ERR_DUPLICATE_EXCHANGE', kind: 'header' });
      expect((await store.findExchange(provider, rec.headerId))?.state).toBe('queued');
      expect(await store.depth(payer)).toBe(1);
      expect(await store.depth(provider)).toBe(0);
      expect(await store.findExchangeByBundle(payer, response.bundleId)).toBeUndefined();
    });

    it('answer marks a cancelled exchange in the same write', async () => {
      const payer = `payer-${randomUUID()}`;
      const provider = `prov-${randomUUID()}`;
      const claim = message();
      const claimRecord = record(claim, provider, payer);
      await store.accept(claimRecord, { recipient: payer, sender: provider, message: claim });
      const cancel = message('cancel-request');
      const cancelRecord = record(cancel, provider, payer);
      await store.accept(cancelRecord, { recipient: payer, sender: provider, message: cancel });
      const response = message('cancel-response');
      const cancellation = { kind: 'cancel' as const, at: 1_700_000_000_000, requestHeaderId: cancelRecord.headerId };
      await store.answer({ sender: provider, headerId: cancelRecord.headerId }, response, {
        record: record(response, payer, provider, { state: 'answered' }),
        ackFrom: { recipient: payer, bundleId: cancel.bundleId },
        cancels: { exchange: { sender: provider, headerId: claimRecord.headerId }, cancellation },
      });
      expect((await store.findExchange(provider, claimRecord.headerId))?.cancellation).toEqual(cancellation);
      expect((await store.findExchange(provider, cancelRecord.headerId))?.answer).toEqual(response);
    });

    it('saves, finds, lists by owner, updates and removes subscriptions', async () => {
      const owner = `payer-${randomUUID()}`;
      const other = `payer-${randomUUID()}`;
      const subscription = (id: string, who: string): SubscriptionRecord => ({
        id,
        owner: who,
        endpoint: 'https://example.test/hook',
        headers: ['Authorization: Bearer x'],
        content: 'id-only',
        status: 'active',
        createdAt: 1_700_000_000_000,
        eventCount: 0,
        resource: '{"resourceType":"Subscription"}',
      });
      const first = subscription(randomUUID(), owner);
      const second = subscription(randomUUID(), owner);
      const theirs = subscription(randomUUID(), other);
      for (const s of [first, second, theirs]) await store.saveSubscription(s);
      expect(await store.findSubscription(first.id)).toEqual(first);
      expect(await store.findSubscription('no-such-subscription')).toBeUndefined();
      const ofOwner = await store.subscriptionsOf(owner);
      expect(ofOwner.map((s) => s.id).sort()).toEqual([first.id, second.id].sort());
      const updated = { ...first, status: 'off' as const, eventCount: 3 };
      await store.saveSubscription(updated);
      expect(await store.findSubscription(first.id)).toEqual(updated);
      expect(await store.subscriptionsOf(owner)).toHaveLength(2);
      expect(await store.removeSubscription(second.id)).toBe(true);
      expect(await store.removeSubscription(second.id)).toBe(false);
      expect(await store.findSubscription(second.id)).toBeUndefined();
      expect(await store.subscriptionsOf(owner)).toEqual([updated]);
      expect(await store.subscriptionsOf(other)).toEqual([theirs]);
    });

    if (factory.reopen) {
      it('keeps dead letters across a restart', async () => {
        const payer = `payer-${randomUUID()}`;
        const m = message();
        await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
        await store.lease(payer, { count: 1, leaseMs: 30, maxDeliveries: 1 });
        await new Promise((r) => setTimeout(r, 60));
        expect(await store.lease(payer, { count: 1, leaseMs: 30, maxDeliveries: 1 })).toEqual([]);
        store = await factory.reopen!(store);
        expect((await store.deadLetters(payer)).map((d) => d.message)).toEqual([m]);
        expect(await store.replayDeadLetter(payer, m.bundleId)).toBe(true);
        expect((await store.lease(payer, { count: 1, leaseMs: 1000 }))[0]?.message).toEqual(m);
      });

      it('keeps records and queues across a restart', async () => {
        const payer = `payer-${randomUUID()}`;
        const m = message();
        const rec = record(m, 'prov', payer);
        await store.accept(rec, { recipient: payer, sender: 'prov', message: m });
        store = await factory.reopen!(store);
        expect((await store.findExchange('prov', rec.headerId))?.bundleId).toBe(m.bundleId);
        const leased = await store.lease(payer, { count: 1, leaseMs: 1000 });
        expect(leased[0]?.message).toEqual(m);
      });
    }

    it('dead-letters a message instead of handing it out past maxDeliveries, in the same write', async () => {
      const payer = `payer-${randomUUID()}`;
      const stuck = message();
      const next = message();
      // A body that JSON encoders like to rewrite: it must come back byte for byte.
      const odd: StoredMessage = { ...stuck, body: `{"resourceType":"Bundle","id":"${stuck.bundleId}","text":"a/b \u00e9 é 😀 <x>"}` };
      for (const m of [odd, next]) await store.accept(record(m, 'prov', payer), { recipient: payer, sender: 'prov', message: m });
      const options = { count: 1, leaseMs: 60, maxDeliveries: 2 };
      for (let delivery = 1; delivery <= 2; delivery += 1) {
        const leased = await store.lease(payer, options);
        expect(leased.map((e) => [e.message.bundleId, e.deliveries])).toEqual([[odd.bundleId, delivery]]);
        await new Promise((r) => setTimeout(r, 90));
      }
      // The third hand-out does not happen: the next message comes instead.
      const third = await store.lease(payer, { ...options, count: 10 });
      expect(third.map((e) => e.message.bundleId)).toEqual([next.bundleId]);
      expect(await store.queued(payer, odd.bundleId)).toBeUndefined();
      expect(await store.depth(payer)).toBe(1);
      expect(await store.stats(payer)).toMatchObject({ depth: 1, redelivered: 0 });
      const dead = await store.deadLetters(payer);
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ recipient: payer, sender: 'prov', message: odd, deliveries: 2 });
      expect(dead[0]!.message.body).toBe(odd.body);
      expect(dead[0]!.deadLetteredAt).toBeGreaterThanOrEqual(dead[0]!.enqueuedAt);
      expect((await store.deadLetters()).filter((d) => d.recipient === payer)).toHaveLength(1);
      expect(await store.deadLetters(`payer-${randomUUID()}`)).toEqual([]);
      // An acknowledgement of a dead-lettered id does nothing.
      expect(await store.ack(payer, [odd.bundleId])).toBe(0);
      expect(await store.deadLetters(payer)).toHaveLength(1);
      expect(await store.depth(payer)).toBe(1);
    });

    it('replays a dead letter once, at the end of the live queue, with deliveries reset and bytes unchanged', async () => {
      const payer = `payer-${randomUUID()}`;
      const stuck = message();
      const later = message('eligibility-request');
      await store.accept(record(stuck, 'prov', payer), { recipient: payer, sender: 'prov', message: stuck });
      await store.lease(payer, { count: 1, leaseMs: 40, maxDeliveries: 1 });
      await new Promise((r) => setTimeout(r, 70));
      expect(await store.lease(payer, { count: 1, leaseMs: 40, maxDeliveries: 1 })).toEqual([]);
      expect(await store.depth(payer)).toBe(0);
      expect((await store.queueReport()).map((r) => r.recipient)).not.toContain(payer);
      await store.accept(record(later, 'prov', payer), { recipient: payer, sender: 'prov', message: later });
      expect(await store.replayDeadLetter(payer, stuck.bundleId)).toBe(true);
      expect(await store.replayDeadLetter(payer, stuck.bundleId)).toBe(false);
      expect(await store.replayDeadLetter(payer, 'no-such-id')).toBe(false);
      expect(await store.deadLetters(payer)).toEqual([]);
      expect((await store.deadLetters()).map((d) => d.recipient)).not.toContain(payer);
      expect(await store.depth(payer)).toBe(2);
      expect((await store.queued(payer, stuck.bundleId))?.deliveries).toBe(0);
      const leased = await store.lease(payer, { count: 10, leaseMs: 1000, maxDeliveries: 1 });
      expect(leased.map((e) => e.message.bundleId)).toEqual([later.bundleId, stuck.bundleId]);
      expect(leased[1]).toMatchObject({ sender: 'prov', message: stuck, deliveries: 1 });
      expect(await store.ack(payer, [stuck.bundleId, later.bundleId])).toBe(2);
      expect(await store.depth(payer)).toBe(0);
    });

    it('claimOnce records a key once until it expires, then lets it be claimed again', async () => {
      const key = `jti-${randomUUID()}`;
      expect(await store.claimOnce(key, Date.now() + 300)).toBe(true);
      expect(await store.claimOnce(key, Date.now() + 300)).toBe(false);
      expect(await store.claimOnce(`${key}-other`, Date.now() + 300)).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      expect(await store.claimOnce(key, Date.now() + 300)).toBe(true);
    });

    it('reports itself ready while open', async () => {
      expect(await store.ready()).toBe(true);
    });
  });
}
