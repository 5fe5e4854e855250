/**
 * `wasl audit checkpoint` and `wasl audit prove` as a participant runs them, against a listening
 * app with the audit plugin: the checkpoint verifies against the JWKS and is kept, a later one is
 * checked consistent with it, a proof is fetched, saved and re-checked offline, and a saved proof
 * with one altered entry fails naming it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmdbStore } from '../../src/store/embedded/lmdb-store.js';
import type { ProofDocument } from '../../src/audit/inclusion-proof.js';
import { auditApp, type AuditApp } from '../audit/audit-http.js';
import { wasl, writeExchanges } from '../audit/ledger-fixture.js';

describe('wasl audit checkpoint / prove against a gateway', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasl-audit-cli-'));
  let store: LmdbStore;
  let audit: AuditApp;
  let url = '';
  let claims: string[] = [];

  beforeAll(async () => {
    store = LmdbStore.open({ dataDir: join(dir, 'gateway') });
    claims = await writeExchanges(store, 2);
    audit = await auditApp(store, join(dir, 'gateway'), { intervalS: 1 });
    url = await audit.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await audit.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checkpoint: verified against the JWKS and saved; after more traffic the new one extends it; a forged saved one fails', async () => {
    const saved = join(dir, 'checkpoint.jws');
    const first = await wasl(['audit', 'checkpoint', '--gateway', url, '--save', saved], {});
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^checkpoint of 13 entries \(head [0-9a-f]{64}, root [0-9a-f]{64}\) signed by GW-WASL-1 with key \S+ at \S+: signature verified against http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json\n$/);
    await writeExchanges(store, 1);
    await audit.checkpointer.refresh();
    const second = await wasl(['audit', 'checkpoint', '--gateway', url, '--compare', saved, '--json'], {});
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, seq: 20, consistentWith: 13 });

    const [header, payload, signature] = readFileSync(saved, 'utf8').trim().split('.');
    const claimsOf = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf, root: 'f'.repeat(64) })).toString('base64url')}.${signature}`;
    writeFileSync(join(dir, 'forged.jws'), forged);
    const refused = await wasl(['audit', 'checkpoint', '--gateway', url, '--compare', join(dir, 'forged.jws')], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('WASL_ERR_SIGNATURE_INVALID');
  }, 60_000);

  it("prove: the provider's proof verifies and is saved; the saved one re-verifies offline; one altered entry fails, named", async () => {
    const saved = join(dir, 'proof.json');
    const fetched = await wasl(['audit', 'prove', claims[0]!, '--gateway', url, '--token', 'provider-token', '--save', saved], {});
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toMatch(/^entry 1 accepted at \S+: included\nentry 2 delivered #1 at \S+: included\nentry 4 acknowledged at \S+: included\n3 entries about Bundle \S+ proven in the checkpoint of \d+ entries/);
    const jwks = join(dir, 'jwks.json');
    writeFileSync(jwks, JSON.stringify(audit.jwks));
    expect((await wasl(['audit', 'prove', '--file', saved, '--jwks', jwks], {})).code).toBe(0);

    const doc = JSON.parse(readFileSync(saved, 'utf8')) as ProofDocument;
    const altered = { ...doc, entries: doc.entries.map((e, i) => (i === 1 ? { ...e, body: e.body.replace('N-F-00001', 'N-F-00002') } : e)) };
    writeFileSync(saved, JSON.stringify(altered));
    const refused = await wasl(['audit', 'prove', '--file', saved, '--jwks', jwks, '--json'], {});
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, seq: 2 });
    expect(refused.stderr).toContain('WASL_ERR_AUDIT_PROOF_INVALID: entry 2 does not match its hash');

    const other = await wasl(['audit', 'prove', claims[0]!, '--gateway', url, '--token', 'other-payer-token'], {});
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('answered 404: WASL_ERR_AUDIT_UNKNOWN_BUNDLE');
  }, 60_000);
});
