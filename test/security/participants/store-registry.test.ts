/**
 * The store-backed registry (src/security/participants/store-registry.ts) over a real LMDB store:
 * the first-start import, edits conditional on the record as read (two registries editing one
 * participant at once keep both changes), a refused change writes nothing, and a registry
 * follows another's changes through the version check alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initDevelopment } from '../../../src/security/init.js';
import { withDefaults } from '../../../src/security/participants/changes.js';
import { StoreParticipantRegistry } from '../../../src/security/participants/store-registry.js';
import { LmdbStore } from '../../../src/store/embedded/lmdb-store.js';
import { eventually, newProvider } from './onboarding.js';

describe('StoreParticipantRegistry on the embedded store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wasl-store-registry-'));
  let store: LmdbStore;
  let a: StoreParticipantRegistry;
  let b: StoreParticipantRegistry;
  beforeAll(async () => {
    await initDevelopment(dataDir);
    store = LmdbStore.open({ dataDir });
    // No signals between them: b hears a's changes through the version check only.
    [a, b] = await Promise.all([
      StoreParticipantRegistry.open({ store, dataDir, checkIntervalMs: 100 }),
      StoreParticipantRegistry.open({ store, dataDir, checkIntervalMs: 100 }),
    ]);
  });
  afterAll(async () => {
    a?.close();
    b?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports participants.json once, into an empty store', async () => {
    expect(a.list().map((p) => p.licence)).toEqual(b.list().map((p) => p.licence));
    expect(a.get('ADMIN-1')?.role).toBe('admin');
    const imported = (await store.readLedger(1, 100)).filter((e) => e.kind === 'participant');
    expect(imported).toHaveLength(a.list().length);
  });

  it('two edits of one participant at once both land: the one that lost re-reads and applies its change again', async () => {
    const [limits, delivery] = await Promise.all([
      a.change('N-I-00001', { limits: { requestsPerMinute: 100 } }),
      b.change('N-I-00001', { delivery: { mode: 'push', endpoint: 'https://payer.example/in' } }),
    ]);
    expect(limits.ok && delivery.ok).toBe(true);
    await eventually(async () => {
      for (const registry of [a, b]) {
        expect(registry.get('N-I-00001')).toMatchObject({ limits: { requestsPerMinute: 100 }, delivery: { mode: 'push', endpoint: 'https://payer.example/in' } });
      }
    });
  });

  it('a refused change is a value with its code and field, and writes nothing', async () => {
    const head = await store.ledgerHead();
    const version = await store.participantsVersion();
    expect(await a.change('N-F-00001', { delivery: { mode: 'push' } })).toEqual({
      ok: false,
      code: 'WASL_ERR_INVALID_PARTICIPANT',
      field: 'participant.delivery.endpoint',
      problem: 'expected a non-empty string',
    });
    expect(await a.block('N-F-NOBODY')).toMatchObject({ ok: false, code: 'WASL_ERR_UNKNOWN_PARTICIPANT' });
    const hospital = await newProvider('N-F-00001');
    expect(await a.add(hospital.record)).toMatchObject({ ok: false, code: 'WASL_ERR_PARTICIPANT_EXISTS' });
    expect(await a.add(withDefaults({ ...hospital.record, licence: 'N-F-06001', licenceSystem: 'http://nphies.sa/license/payer-license' }))).toMatchObject({
      ok: false,
      code: 'WASL_ERR_INVALID_PARTICIPANT',
      field: 'participant.licenceSystem',
    });
    expect(await store.ledgerHead()).toEqual(head);
    expect(await store.participantsVersion()).toBe(version);
  });

  it('the port: upsert replaces the whole record (a policy removed is removed), setStatus rejects an unknown licence', async () => {
    const before = a.get('N-F-00002')!;
    await a.upsert({ ...before, policy: { requireSignedMessages: true } });
    expect(a.get('N-F-00002')?.policy).toEqual({ requireSignedMessages: true });
    await a.upsert(before);
    expect(a.get('N-F-00002')?.policy).toBeUndefined();
    await expect(a.setStatus('N-F-NOBODY', 'blocked')).rejects.toMatchObject({ code: 'WASL_ERR_UNKNOWN_PARTICIPANT' });
    // Records are shared by every request: nobody can change them in place.
    expect(Object.isFrozen(a.get('N-F-00002')?.credentials)).toBe(true);
  });
});
