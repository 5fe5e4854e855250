/**
 * The participant registry's storage contract (issue 13, item 1), run on both adapters: a change
 * and its `participant` ledger entry are one write; a change whose condition fails writes nothing;
 * the first-start import happens once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainVerifier } from '../../../src/store/ledger-chain.js';
import type { GatewayStore, LedgerEntry } from '../../../src/store/ports.js';
import type { StoreFactory } from './store.contract.js';

function record(licence: string, version = 1): { licence: string; json: string } {
  return { licence, json: JSON.stringify({ licence, version }) };
}

function factsOf(entry: LedgerEntry | undefined): Record<string, unknown> {
  return JSON.parse(entry?.body ?? '{}') as Record<string, unknown>;
}

async function verifies(store: GatewayStore): Promise<boolean> {
  const verifier = new ChainVerifier();
  for (const entry of await store.readLedger(1, 1000)) if (verifier.next(entry)) return false;
  return true;
}

export function participantStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name}: participant store contract`, () => {
    let store: GatewayStore;
    beforeAll(async () => {
      store = await factory.create();
    });
    afterAll(async () => {
      await factory.destroy(store);
    });

    it('starts empty at version 0', async () => {
      expect(await store.readParticipants()).toEqual({ version: 0, participants: [] });
      expect(await store.participantsVersion()).toBe(0);
    });

    it('seeds an empty store once, one ledger entry per participant, in one write', async () => {
      const seeded = await store.seedParticipants([record('P-1'), record('P-2')], 'imported from participants.json');
      expect(seeded).toBe(2);
      const snapshot = await store.readParticipants();
      expect(snapshot.version).toBe(2);
      expect([...snapshot.participants].sort((a, b) => a.licence.localeCompare(b.licence))).toEqual([record('P-1'), record('P-2')]);
      const entries = await store.readLedger(1, 10);
      expect(entries.map((e) => [e.kind, factsOf(e)])).toEqual([
        ['participant', { subject: 'P-1', detail: 'imported from participants.json' }],
        ['participant', { subject: 'P-2', detail: 'imported from participants.json' }],
      ]);
      // A second instance starting on the same store imports nothing.
      expect(await store.seedParticipants([record('P-3')], 'imported from participants.json')).toBe(0);
      expect((await store.readParticipants()).participants).toHaveLength(2);
      expect((await store.ledgerHead()).seq).toBe(2);
    });

    it('adds a participant with its ledger entry; a second add of the licence writes nothing', async () => {
      const head = await store.ledgerHead();
      const added = await store.putParticipant(record('P-NEW'), { when: 'absent' }, 'added; role provider');
      expect(added).toEqual({ ok: true, version: 3, ledgerSeq: head.seq + 1 });
      const [entry] = await store.readLedger(head.seq + 1, 1);
      expect(entry?.kind).toBe('participant');
      expect(factsOf(entry)).toEqual({ subject: 'P-NEW', detail: 'added; role provider' });

      const again = await store.putParticipant(record('P-NEW', 2), { when: 'absent' }, 'added again');
      expect(again).toEqual({ ok: false, reason: 'exists', current: record('P-NEW').json });
      expect(await store.ledgerHead()).toEqual(await store.ledgerHead());
      expect((await store.ledgerHead()).seq).toBe(head.seq + 1);
      expect(await store.participantsVersion()).toBe(3);
      expect((await store.readParticipants()).participants.find((p) => p.licence === 'P-NEW')).toEqual(record('P-NEW'));
    });

    it('changes a participant only while it is as read: a stale edit and an edit of a missing licence write nothing', async () => {
      const head = await store.ledgerHead();
      const stale = await store.putParticipant(record('P-NEW', 3), { when: 'unchanged', json: record('P-NEW', 9).json }, 'status active -> blocked');
      expect(stale).toEqual({ ok: false, reason: 'changed', current: record('P-NEW').json });
      const missing = await store.putParticipant(record('P-NONE'), { when: 'unchanged', json: record('P-NONE').json }, 'x');
      expect(missing).toEqual({ ok: false, reason: 'missing' });
      expect(await store.ledgerHead()).toEqual(head);
      expect(await store.participantsVersion()).toBe(3);

      const changed = await store.putParticipant(record('P-NEW', 3), { when: 'unchanged', json: record('P-NEW').json }, 'status active -> blocked');
      expect(changed).toEqual({ ok: true, version: 4, ledgerSeq: head.seq + 1 });
      expect(factsOf((await store.readLedger(head.seq + 1, 1))[0])).toEqual({ subject: 'P-NEW', detail: 'status active -> blocked' });
      expect((await store.readParticipants()).participants.find((p) => p.licence === 'P-NEW')).toEqual(record('P-NEW', 3));
      expect(await verifies(store)).toBe(true);
    });

    it('keeps the participants and the counter across a restart', async () => {
      if (!factory.reopen) return;
      const before = await store.readParticipants();
      store = await factory.reopen(store);
      const after = await store.readParticipants();
      expect(after.version).toBe(before.version);
      expect([...after.participants].sort((a, b) => a.licence.localeCompare(b.licence))).toEqual([...before.participants].sort((a, b) => a.licence.localeCompare(b.licence)));
    });
  });
}
