/**
 * The storage contract: every adapter (embedded LMDB now, Redis next) must pass this suite,
 * run against a real instance. Each test uses its own recipients, so adapters need not be
 * emptied between tests.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeRecord, GatewayStore, StoredMessage } from '../../../src/store/ports.js';

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
      const rec = record(msg, 'prov-a', payer, { focalIdentifiers: ['http://h/claim|c-1'] });
      await store.accept(rec, { recipient: payer, sender: 'prov-a', message: msg });
      expect(await store.findExchange('prov-a', rec.headerId)).toEqual(rec);
      expect(await store.findExchange('prov-b', rec.headerId)).toBeUndefined();
      expect((await store.findExchangeByBundle('prov-a', msg.bundleId))?.headerId).toBe(rec.headerId);
      expect(await store.findExchangeByBundle('prov-b', msg.bundleId)).toBeUndefined();
      expect((await store.findExchangeByFocalIdentifier('http://h/claim|c-1'))?.headerId).toBe(rec.headerId);
      expect(await store.stats(payer)).toMatchObject({ depth: 1, available: 1 });
      expect(await store.depth(payer)).toBe(1);
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

    if (factory.reopen) {
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

    it('reports itself ready while open', async () => {
      expect(await store.ready()).toBe(true);
    });
  });
}
