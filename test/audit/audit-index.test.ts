/**
 * The audit index and the Checkpointer on both adapters (openAudit: LMDB-persisted beside the
 * embedded store, in memory over Redis): every entry of a real chain has a verifying proof, a
 * Bundle.id finds its entries, new entries are caught up, a checkpoint is re-signed only when
 * stale or when a proof needs a newer tree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCheckpoint } from '../../src/audit/checkpoint.js';
import { proofDocument, verifyProofDocument } from '../../src/audit/inclusion-proof.js';
import { openAudit } from '../../src/audit/open-audit.js';
import { generatePrivateJwk, publicJwkOf } from '../../src/security/jwk.js';
import { LmdbStore } from '../../src/store/embedded/lmdb-store.js';
import type { GatewayStore } from '../../src/store/ports.js';
import { RedisStore } from '../../src/store/redis/redis-store.js';
import { startRedisServer, type TestRedisServer } from '../support/redis-server.js';
import { writeExchanges } from './ledger-fixture.js';

const dirs: string[] = [];
const servers: TestRedisServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const adapters: { name: string; kind: 'embedded' | 'redis'; open: (dataDir: string) => Promise<GatewayStore> }[] = [
  { name: 'embedded LMDB', kind: 'embedded', open: async (dataDir) => LmdbStore.open({ dataDir }) },
  {
    name: 'Redis',
    kind: 'redis',
    open: async () => {
      const server = await startRedisServer();
      servers.push(server);
      return RedisStore.connect({ url: server.url });
    },
  },
];

for (const adapter of adapters) {
  describe(`audit index over ${adapter.name}`, () => {
    it('proves every entry, finds a Bundle.id, catches up, and re-signs only when stale or behind', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'wasl-audit-index-'));
      dirs.push(dataDir);
      const store = await adapter.open(dataDir);
      const claims = await writeExchanges(store, 3);
      const jwk = await generatePrivateJwk('ES256');
      const key = (await importJWK(jwk, 'ES256')) as CryptoKey;
      const jwks = { keys: [publicJwkOf(jwk)] };
      let clock = 1_700_000_000_000;
      const audit = await openAudit({ kind: adapter.kind, dataDir, ledger: store, licence: 'GW-1', signingKey: () => ({ kid: jwk.kid!, key }), intervalS: 60, now: () => clock });
      const { checkpointer } = audit;
      try {
        const head = await store.ledgerHead();
        expect(audit.index.size).toBe(head.seq);
        const first = await checkpointer.latest();
        expect(await verifyCheckpoint(first.jws, jwks)).toMatchObject({ ok: true, claims: { seq: head.seq, head: head.hash } });

        const all = await store.readLedger(1, 1000);
        expect(await verifyProofDocument(proofDocument('*', first, [], audit.index), jwks)).toMatchObject({ ok: true, entries: 0 });
        for (const entry of all) {
          const bundleId = (JSON.parse(entry.body) as { bundleId: string }).bundleId;
          expect(await verifyProofDocument(proofDocument(bundleId, first, [entry], audit.index), jwks)).toMatchObject({ ok: true });
        }
        const seqs = await audit.index.seqsOf(claims[0]!);
        expect(seqs.map((seq) => all[seq - 1]!.kind)).toEqual(['accepted', 'delivered', 'acknowledged']);

        await writeExchanges(store, 1);
        expect(await checkpointer.latest()).toBe(first); // fresh for 60 s: not re-signed
        const covering = await checkpointer.covering(head.seq + 1);
        expect(covering.claims.seq).toBe((await store.ledgerHead()).seq);
        clock += 61_000;
        const stale = await checkpointer.latest();
        expect(stale).not.toBe(covering);
        expect(stale.claims.at).toBe(clock);
      } finally {
        await audit.close();
        await store.close();
      }
    }, 30_000);
  });
}
