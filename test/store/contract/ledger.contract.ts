/**
 * The ledger contract (SPEC section 7): every adapter appends the same hash-chained entries, in
 * the same atomic write as the state change, and a refused write appends nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainVerifier, encodeFacts, GENESIS_HASH, sha256Hex } from '../../../src/store/ledger-chain.js';
import { DuplicateExchangeError, type ExchangeRecord, type GatewayStore, type LedgerEntry, type StoredMessage } from '../../../src/store/ports.js';
import type { StoreFactory } from './store.contract.js';

function message(event = 'claim-request'): StoredMessage {
  const bundleId = randomUUID();
  const body = JSON.stringify({ resourceType: 'Bundle', id: bundleId });
  return { bundleId, event, body, signature: `sig-${bundleId}`, kid: 'kid-1' };
}

function record(msg: StoredMessage, sender: string, recipient: string, extra: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return { headerId: randomUUID(), bundleId: msg.bundleId, sender, recipient, event: msg.event, contentHash: sha256Hex(msg.body), receivedAt: Date.now(), state: 'queued', ...extra };
}

async function entriesAfter(store: GatewayStore, seq: number): Promise<LedgerEntry[]> {
  return store.readLedger(seq + 1, 1000);
}

function facts(entry: LedgerEntry | undefined): Record<string, unknown> {
  return JSON.parse(entry?.body ?? '{}') as Record<string, unknown>;
}

async function verifyAll(store: GatewayStore): Promise<{ problem: unknown; count: number }> {
  const verifier = new ChainVerifier();
  let count = 0;
  for (let from = 1; ; ) {
    const page = await store.readLedger(from, 500);
    for (const entry of page) {
      const problem = verifier.next(entry);
      if (problem) return { problem, count };
      count += 1;
    }
    if (page.length < 500) return { problem: undefined, count };
    from += page.length;
  }
}

export function ledgerContract(name: string, factory: StoreFactory): void {
  describe(`${name}: ledger contract`, () => {
    let store: GatewayStore;
    beforeAll(async () => {
      store = await factory.create();
    });
    afterAll(async () => {
      await factory.destroy(store);
    });

    it('starts empty at the genesis hash', async () => {
      expect(await store.ledgerHead()).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(await store.readLedger(1, 10)).toEqual([]);
    });

    it('records acceptance, deliveries, redelivery, acknowledgement with the queued bytes\' hash and signing key', async () => {
      const head = await store.ledgerHead();
      const payer = `payer-${randomUUID()}`;
      const msg = message();
      const rec = record(msg, 'prov-a', payer);
      await store.accept(rec, { recipient: payer, sender: 'prov-a', message: msg }, { codes: ['BV-2', 'BV-1', 'BV-2'], patientKeys: ['p2', 'p1'] });
      const [leased] = await store.lease(payer, { count: 1, leaseMs: 1 });
      expect(leased?.message).toMatchObject({ body: msg.body, signature: msg.signature, kid: 'kid-1' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.lease(payer, { count: 1, leaseMs: 60_000 });
      expect(await store.ack(payer, [msg.bundleId])).toBe(1);

      const entries = await entriesAfter(store, head.seq);
      expect(entries.map((e) => [e.kind, e.n])).toEqual([
        ['accepted', undefined],
        ['delivered', 1],
        ['delivered', 2],
        ['acknowledged', undefined],
      ]);
      expect(facts(entries[0])).toEqual({
        sender: 'prov-a',
        recipient: payer,
        event: 'claim-request',
        bundleId: msg.bundleId,
        headerId: rec.headerId,
        receivedHash: sha256Hex(msg.body),
        deliveredHash: sha256Hex(msg.body),
        kid: 'kid-1',
        outcome: 'queued',
        codes: ['BV-1', 'BV-2'],
        patientKeys: ['p1', 'p2'],
      });
      expect(facts(entries[1])).toEqual({ sender: 'prov-a', recipient: payer, event: 'claim-request', bundleId: msg.bundleId, deliveredHash: sha256Hex(msg.body), kid: 'kid-1' });
      // Canonical: the stored body is exactly the shared encoding of its facts.
      for (const entry of entries) expect(entry.body).toBe(encodeFacts(facts(entry)));
      expect(entries[0]?.prev).toBe(head.hash);
      expect((await store.ledgerHead()).seq).toBe(head.seq + 4);
    });

    it('records a rejection, an answer with the acknowledgement of the request, and a confirmed cancel', async () => {
      const head = await store.ledgerHead();
      const payer = `payer-${randomUUID()}`;
      const claim = message();
      const claimRecord = record(claim, 'prov-a', payer);
      await store.accept(claimRecord, { recipient: payer, sender: 'prov-a', message: claim });
      const bad = message();
      await store.accept({ ...record(bad, 'prov-a', payer), state: 'rejected' }, undefined, { codes: ['IC-00050'] });
      const answer = message('claim-response');
      const answerRecord = record(answer, payer, 'prov-a', { state: 'answered' });
      await store.answer({ sender: 'prov-a', headerId: claimRecord.headerId }, answer, {
        record: answerRecord,
        ackFrom: { recipient: payer, bundleId: claim.bundleId },
        enqueue: { recipient: 'prov-a', sender: payer, message: answer },
        cancels: { exchange: { sender: 'prov-a', headerId: claimRecord.headerId }, cancellation: { kind: 'cancel', at: Date.now(), requestHeaderId: 'cancel-1' } },
        note: { outcome: 'complete' },
      });
      const entries = await entriesAfter(store, head.seq);
      expect(entries.map((e) => e.kind)).toEqual(['accepted', 'rejected', 'answered', 'cancelled', 'acknowledged']);
      expect(facts(entries[1])).toMatchObject({ outcome: 'rejected', codes: ['IC-00050'] });
      expect(facts(entries[1]).deliveredHash).toBeUndefined();
      expect(facts(entries[2])).toMatchObject({ sender: payer, recipient: 'prov-a', requestHeaderId: claimRecord.headerId, outcome: 'complete', deliveredHash: sha256Hex(answer.body) });
      expect(facts(entries[3])).toMatchObject({ headerId: claimRecord.headerId, detail: 'cancel' });
      expect(facts(entries[4])).toMatchObject({ bundleId: claim.bundleId, recipient: payer });
    });

    it('a refused write appends nothing: a reused id, or a second answer', async () => {
      const payer = `payer-${randomUUID()}`;
      const msg = message();
      const rec = record(msg, 'prov-a', payer);
      await store.accept(rec, { recipient: payer, sender: 'prov-a', message: msg });
      const head = await store.ledgerHead();
      await expect(store.accept({ ...rec, headerId: randomUUID() }, { recipient: payer, sender: 'prov-a', message: msg })).rejects.toBeInstanceOf(DuplicateExchangeError);
      const first = message('claim-response');
      await store.answer({ sender: 'prov-a', headerId: rec.headerId }, first, { record: record(first, payer, 'prov-a', { state: 'answered' }), firstAnswer: true });
      const afterFirst = await store.ledgerHead();
      const second = message('claim-response');
      await expect(store.answer({ sender: 'prov-a', headerId: rec.headerId }, second, { record: record(second, payer, 'prov-a', { state: 'answered' }), firstAnswer: true })).rejects.toThrow();
      expect((await store.ledgerHead()).seq).toBe(afterFirst.seq);
      expect(afterFirst.seq).toBe(head.seq + 1);
    });

    it('records dead-lettering and replay; acknowledging an unknown id records nothing', async () => {
      const payer = `payer-${randomUUID()}`;
      const msg = message();
      await store.accept(record(msg, 'prov-a', payer), { recipient: payer, sender: 'prov-a', message: msg });
      const head = await store.ledgerHead();
      await store.lease(payer, { count: 1, leaseMs: 1, maxDeliveries: 1 });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await store.lease(payer, { count: 1, leaseMs: 1, maxDeliveries: 1 })).toEqual([]);
      expect(await store.ack(payer, ['no-such-bundle'])).toBe(0);
      expect(await store.replayDeadLetter(payer, msg.bundleId)).toBe(true);
      const [again] = await store.lease(payer, { count: 1, leaseMs: 60_000 });
      expect(again?.message.signature).toBe(msg.signature);
      const entries = await entriesAfter(store, head.seq);
      expect(entries.map((e) => [e.kind, e.n])).toEqual([
        ['delivered', 1],
        ['dead-lettered', undefined],
        ['replayed', undefined],
        ['delivered', 1],
      ]);
      expect(new Set(entries.map((e) => e.body)).size).toBe(1);
    });

    it('dead-letters one queued message on demand, leased or not, with its entry; replay brings it back', async () => {
      const payer = `payer-${randomUUID()}`;
      const msg = message();
      const other = message();
      await store.accept(record(msg, 'prov-a', payer), { recipient: payer, sender: 'prov-a', message: msg });
      await store.accept(record(other, 'prov-a', payer), { recipient: payer, sender: 'prov-a', message: other });
      await store.lease(payer, { count: 1, leaseMs: 60_000 });
      const head = await store.ledgerHead();
      expect(await store.deadLetter(payer, msg.bundleId)).toBe(true);
      expect(await store.deadLetter(payer, msg.bundleId)).toBe(false);
      expect(await store.deadLetter(payer, 'never-queued')).toBe(false);
      expect(await store.depth(payer)).toBe(1);
      expect((await store.deadLetters(payer)).map((d) => [d.message.bundleId, d.deliveries])).toEqual([[msg.bundleId, 1]]);
      const entries = await entriesAfter(store, head.seq);
      expect(entries.map((e) => [e.kind, facts(e).bundleId])).toEqual([['dead-lettered', msg.bundleId]]);
      expect(await store.replayDeadLetter(payer, msg.bundleId)).toBe(true);
      expect((await store.lease(payer, { count: 5, leaseMs: 60_000 })).map((e) => e.message.bundleId)).toEqual([other.bundleId, msg.bundleId]);
    });

    it('archives what was received, readable by its sender and recipient only, until pruned; the ledger keeps its hash', async () => {
      const payer = `payer-${randomUUID()}`;
      const provider = `prov-${randomUUID()}`;
      const claim = message();
      const claimRecord = record(claim, provider, payer, { receivedAt: 1_000 });
      await store.accept(claimRecord, { recipient: payer, sender: provider, message: claim }, undefined, claim);
      const answer = message('claim-response');
      await store.answer({ sender: provider, headerId: claimRecord.headerId }, answer, { record: record(answer, payer, provider, { state: 'answered', receivedAt: 5_000 }), ackFrom: { recipient: payer, bundleId: claim.bundleId } });
      const bad = message();
      await store.accept({ ...record(bad, provider, payer, { receivedAt: 2_000 }), state: 'rejected' }, undefined, { codes: ['IC-00050'] }, bad);

      expect(await store.archivedMessage(provider, claim.bundleId)).toMatchObject({ sender: provider, recipient: payer, body: claim.body, signature: claim.signature, kid: 'kid-1', receivedAt: 1_000 });
      expect((await store.archivedMessage(payer, claim.bundleId))?.body).toBe(claim.body);
      expect(await store.archivedMessage('someone-else', claim.bundleId)).toBeUndefined();
      expect((await store.archivedMessage(provider, answer.bundleId))?.body).toBe(answer.body);
      expect((await store.archivedMessage(provider, bad.bundleId))?.body).toBe(bad.body);

      const head = await store.ledgerHead();
      expect(await store.pruneArchive(3_000)).toBeGreaterThanOrEqual(2);
      expect(await store.archivedMessage(provider, claim.bundleId)).toBeUndefined();
      expect(await store.archivedMessage(payer, claim.bundleId)).toBeUndefined();
      expect(await store.archivedMessage(provider, bad.bundleId)).toBeUndefined();
      expect((await store.archivedMessage(payer, answer.bundleId))?.body).toBe(answer.body);
      // Pruning is not a state change of any exchange: the ledger is untouched.
      expect(await store.ledgerHead()).toEqual(head);
      // The request's record keeps a reference to its answer, whose bytes come back from the archive...
      expect((await store.findExchange(provider, claimRecord.headerId))?.answer).toEqual(answer);
      expect((await store.findExchangeByBundle(provider, claim.bundleId))?.answer?.body).toBe(answer.body);
      // ...until they are pruned: the record still says it was answered.
      await store.pruneArchive(10_000);
      const pruned = await store.findExchange(provider, claimRecord.headerId);
      expect(pruned?.state).toBe('answered');
      expect(pruned?.answer).toBeUndefined();
    });

    it('records participant and key changes, and the whole chain verifies, also after a restart', async () => {
      const entry = await store.appendLedger('key', { subject: 'kid-2', detail: 'rotated' });
      expect(entry).toMatchObject({ kind: 'key', seq: (await store.ledgerHead()).seq });
      expect(facts(entry)).toEqual({ subject: 'kid-2', detail: 'rotated' });
      if (factory.reopen) store = await factory.reopen(store);
      await store.appendLedger('participant', { subject: 'P-1', detail: 'blocked' });
      const { problem, count } = await verifyAll(store);
      expect(problem).toBeUndefined();
      expect(count).toBe((await store.ledgerHead()).seq);
    });
  });
}
