/**
 * Checkpoints and inclusion proofs (issue 11, item 2) over a real embedded store: the checkpoint
 * verifies against the JWKS, a participant's proof verifies for its own message only, an altered
 * entry or path fails, a later checkpoint is consistent with an earlier one, the index survives a
 * restart and refuses to sign over a ledger rewritten beneath it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCheckpoint, type CheckpointClaims } from '../../src/audit/checkpoint.js';
import { verifyProofDocument, type ProofDocument } from '../../src/audit/inclusion-proof.js';
import { MerkleTree, leafHash, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { generatePrivateJwk, publicJwkOf } from '../../src/security/jwk.js';
import { LmdbStore } from '../../src/store/embedded/lmdb-store.js';
import type { LedgerEntry } from '../../src/store/ports.js';
import { auditApp, codeOf, type AuditApp } from './audit-http.js';
import { writeExchanges } from './ledger-fixture.js';

describe('GET /audit/checkpoint, /audit/proof/{bundleId}, /audit/consistency', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-audit-http-'));
  let store: LmdbStore;
  let audit: AuditApp;
  let claims: string[] = [];

  beforeAll(async () => {
    store = LmdbStore.open({ dataDir: dir });
    claims = await writeExchanges(store, 3);
    audit = await auditApp(store, dir);
  });
  afterAll(async () => {
    await audit.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, token?: string) => audit.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('the checkpoint is public, verifies against the JWKS and commits to the head and the Merkle root of every entry', async () => {
    const reply = await get('/audit/checkpoint');
    expect(reply.statusCode).toBe(200);
    const body = reply.json<{ checkpoint: string } & CheckpointClaims>();
    const verdict = await verifyCheckpoint(body.checkpoint, audit.jwks);
    expect(verdict).toMatchObject({ ok: true, kid: audit.jwks.keys[0]!.kid });
    const entries = await store.readLedger(1, 1000);
    const tree = new MerkleTree();
    for (const entry of entries) tree.append(leafHash(entry.hash));
    expect(verdict.ok && verdict.claims).toMatchObject({ iss: 'GW-WASL-1', seq: entries.length, head: entries.at(-1)!.hash, root: tree.root().toString('hex') });
    expect(body).toMatchObject({ seq: entries.length, root: tree.root().toString('hex') });
    const otherKey = publicJwkOf(await generatePrivateJwk('ES256'));
    expect(await verifyCheckpoint(body.checkpoint, { keys: [{ ...otherKey, kid: audit.jwks.keys[0]!.kid }] })).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_INVALID' });
    expect(await verifyCheckpoint(body.checkpoint, { keys: [otherKey] })).toMatchObject({ ok: false, code: 'WASL_ERR_SIGNATURE_UNKNOWN_KEY' });
  });

  it("the sender's and the recipient's proofs verify; an entry appended after the checkpoint gets a fresh one; anyone else gets 404", async () => {
    const before = (await get('/audit/checkpoint')).json<CheckpointClaims>().seq;
    const [late] = await writeExchanges(store, 1);
    for (const token of ['provider-token', 'payer-token']) {
      const reply = await get(`/audit/proof/${late}`, token);
      expect(reply.statusCode).toBe(200);
      const doc = reply.json<ProofDocument>();
      expect(doc.treeSize).toBeGreaterThan(before);
      expect(doc.entries.map((e) => e.kind)).toEqual(['accepted', 'delivered', 'acknowledged']);
      expect(await verifyProofDocument(doc, audit.jwks)).toMatchObject({ ok: true, entries: 3 });
    }
    const other = await get(`/audit/proof/${claims[0]}`, 'other-payer-token');
    expect([other.statusCode, codeOf(other.body)]).toEqual([404, 'WASL_ERR_AUDIT_UNKNOWN_BUNDLE']);
    expect(codeOf((await get('/audit/proof/no-such-bundle', 'provider-token')).body)).toBe('WASL_ERR_AUDIT_UNKNOWN_BUNDLE');
    const anonymous = await get(`/audit/proof/${claims[0]}`);
    expect([anonymous.statusCode, codeOf(anonymous.body)]).toEqual([401, 'WASL_ERR_UNAUTHENTICATED']);
  });

  it('a proof fails when an entry is altered, moved, or its path changed', async () => {
    const doc = (await get(`/audit/proof/${claims[1]}`, 'provider-token')).json<ProofDocument>();
    const [first, ...rest] = doc.entries;
    const alter = (changed: Partial<ProofDocument['entries'][number]>) => ({ ...doc, entries: [{ ...first!, ...changed }, ...rest] });
    expect(await verifyProofDocument(alter({ body: first!.body.replace('N-I-00001', 'N-I-00009') }), audit.jwks)).toMatchObject({ ok: false, code: 'WASL_ERR_AUDIT_PROOF_INVALID', seq: first!.seq });
    expect(await verifyProofDocument(alter({ at: first!.at + 1 }), audit.jwks)).toMatchObject({ ok: false, seq: first!.seq });
    expect(await verifyProofDocument(alter({ proof: [...first!.proof].reverse() }), audit.jwks)).toMatchObject({ ok: false, reason: expect.stringMatching(/not in the signed tree/) });
    expect(await verifyProofDocument({ ...doc, root: '0'.repeat(64) }, audit.jwks)).toMatchObject({ ok: false });
  });

  it('a later checkpoint is consistent with an earlier one; a size beyond it is refused', async () => {
    const earlier = (await get('/audit/checkpoint')).json<CheckpointClaims>();
    await writeExchanges(store, 2);
    const later = (await audit.checkpointer.refresh()).claims;
    const reply = await get(`/audit/consistency?from=${earlier.seq}`);
    const { from, to, proof, headProof } = reply.json<{ from: number; to: number; proof: string[]; headProof: string[] }>();
    expect([from, to]).toEqual([earlier.seq, later.seq]);
    expect(verifyInclusion(earlier.seq - 1, later.seq, leafHash(earlier.head), headProof.map((h) => Buffer.from(h, 'hex')), Buffer.from(later.root, 'hex'))).toBe(true);
    const hashes = proof.map((h) => Buffer.from(h, 'hex'));
    expect(verifyConsistency(earlier.seq, later.seq, Buffer.from(earlier.root, 'hex'), Buffer.from(later.root, 'hex'), hashes)).toBe(true);
    expect(verifyConsistency(earlier.seq, later.seq, Buffer.from(later.root, 'hex'), Buffer.from(later.root, 'hex'), hashes)).toBe(false);
    for (const bad of ['0', String(later.seq + 1), 'x']) expect(codeOf((await get(`/audit/consistency?from=${bad}`)).body)).toBe('WASL_ERR_AUDIT_BAD_SIZE');
  });
});

describe('the audit index across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-audit-index-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is reloaded from <dataDir>/audit and caught up; a ledger rewritten beneath it stops all signing (503)', async () => {
    let store = LmdbStore.open({ dataDir: dir });
    await writeExchanges(store, 2);
    let audit = await auditApp(store, dir);
    const first = (await audit.checkpointer.refresh()).claims;
    await audit.close();
    await writeExchanges(store, 1);
    audit = await auditApp(store, dir);
    const second = (await audit.checkpointer.refresh()).claims;
    expect(second.seq).toBe((await store.ledgerHead()).seq);
    expect(audit.index.consistencyProof(first.seq, second.seq).length).toBeGreaterThan(0);
    expect(verifyConsistency(first.seq, second.seq, Buffer.from(first.root, 'hex'), Buffer.from(second.root, 'hex'), audit.index.consistencyProof(first.seq, second.seq))).toBe(true);
    await audit.close();
    await store.close();

    const env = open({ path: join(dir, 'store'), maxDbs: 32, compression: false });
    const ledger = env.openDB<LedgerEntry, number>({ name: 'ledger' });
    const entry = ledger.get(3)!;
    await ledger.put(3, { ...entry, body: entry.body.replace('N-F-00001', 'N-F-00009') });
    await writeExchanges((store = LmdbStore.open({ dataDir: dir })), 1);
    await env.close();
    audit = await auditApp(store, dir);
    expect(audit.index.broken).toBeUndefined(); // the edit is below the indexed head; the index catches edits at its head and beyond
    await audit.close();

    const last = (await store.ledgerHead()).seq;
    const envAgain = open({ path: join(dir, 'store'), maxDbs: 32, compression: false });
    const ledgerAgain = envAgain.openDB<LedgerEntry, number>({ name: 'ledger' });
    const head = ledgerAgain.get(last)!;
    await ledgerAgain.put(last, { ...head, at: head.at + 1 });
    await envAgain.close();
    audit = await auditApp(store, dir);
    expect(audit.index.broken).toMatchObject({ seq: last, what: 'edited' });
    const reply = await audit.app.inject({ method: 'GET', url: '/audit/checkpoint' });
    expect([reply.statusCode, codeOf(reply.body)]).toEqual([503, 'WASL_ERR_AUDIT_CHAIN_BROKEN']);
    await audit.close();
    await store.close();
  });
});
