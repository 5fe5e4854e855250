/**
 * The message archive (issue 11, item 6): after delivery and acknowledgement a participant reads
 * back its own messages, byte-exact and signed, with `GET /messages/{bundleId}`; never another
 * participant's; pruned bodies are gone while the ledger keeps their hashes. Both adapters.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { verifyDetached } from '../../src/security/message-verification.js';
import { sha256Hex } from '../../src/store/ledger-chain.js';
import { describeOnBothStores } from '../support/both-stores.js';
import { errorsOf, type TestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

async function read(gw: TestGateway, licence: string, bundleId: string): Promise<Response> {
  const client = await gw.client(licence);
  return fetch(`${gw.url}/messages/${bundleId}`, { headers: { authorization: `Bearer ${await client.token()}` } });
}

// Risk checks off: the addressee reads back the sender's exact bytes here; with risk entries appended
// (issue 14) each side's copy is checked in test/risk/risk-delivery.test.ts.
describeOnBothStores('message archive', { WASL_SYNC_WINDOW_MS: '0', WASL_RISK_CHECKS: 'off' }, (gw, kind) => {
  it('a rejected message is readable by its sender only: it never reached its addressee', async () => {
    const request = fresh(sample('7a-claim-dental-request.json').json);
    // A Claim without its patient: recorded as rejected (IC-00050), never queued for the payer.
    delete request.entry.find((e: any) => e.resource.resourceType === 'Claim').resource.patient;
    const provider = request.entry[0].resource.sender.identifier.value as string;
    const payer = request.entry[0].resource.destination[0].receiver.identifier.value as string;
    const answer = await (await gw.client(provider)).send(request);
    expect(answer.status).toBe(200);
    expect(errorsOf(answer.json).length).toBeGreaterThan(0);
    expect((await read(gw, provider, request.id)).status).toBe(200);
    const addressee = await read(gw, payer, request.id);
    expect(addressee.status).toBe(404);
    expect((await addressee.json()).issue[0].details.coding[0].code).toBe('WASL_ERR_UNKNOWN_MESSAGE');
  });

  it('sender and recipient read a delivered, acknowledged message back byte-exact and signed; others get 404', async () => {
    const request = fresh(sample('7a-claim-dental-request.json').json);
    const raw = JSON.stringify(request, null, 2);
    const provider = request.entry[0].resource.sender.identifier.value as string;
    const payer = request.entry[0].resource.destination[0].receiver.identifier.value as string;
    expect((await (await gw.client(provider)).send(raw)).status).toBe(200);
    const payerClient = await gw.client(payer);
    const { messages } = await payerClient.poll({ count: 50 });
    expect(messages.some((m) => m.bundleId === request.id)).toBe(true);
    await payerClient.poll({ count: 1, acknowledge: messages.map((m) => m.bundleId) });
    expect(await gw.gateway.store.queued(payer, request.id)).toBeUndefined();

    const keys = await (await fetch(`${gw.url}/.well-known/jwks.json`)).json();
    for (const licence of [provider, payer]) {
      const response = await read(gw, licence, request.id);
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).toBe(raw);
      expect(verifyDetached(response.headers.get('x-jws-signature')!, body, keys)).toMatchObject({ ok: true });
    }
    const stranger = await read(gw, 'N-F-00002', request.id);
    expect(stranger.status).toBe(404);
    expect((await stranger.json()).issue[0].details.coding[0].code).toBe('WASL_ERR_UNKNOWN_MESSAGE');
    expect((await fetch(`${gw.url}/messages/${request.id}`)).status).toBe(401);

    // Pruned: the body is gone, the ledger still holds its hash.
    if (kind === 'embedded') {
      await gw.gateway.close();
      const cli = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'src/cli/wasl.ts'), 'archive', 'prune', '--before', new Date(Date.now() + 60_000).toISOString(), '--json'], {
        env: { ...process.env, WASL_DATA_DIR: gw.dataDir },
        encoding: 'utf8',
      });
      expect(cli.status).toBe(0);
      expect(JSON.parse(cli.stdout).removed).toBeGreaterThanOrEqual(1);
      return;
    }
    expect(await gw.gateway.store.pruneArchive(Date.now() + 1)).toBeGreaterThanOrEqual(1);
    expect((await read(gw, provider, request.id)).status).toBe(404);
    const entries = await gw.gateway.store.readLedger(1, 10_000);
    expect(entries.some((e) => e.kind === 'accepted' && JSON.parse(e.body).receivedHash === sha256Hex(raw))).toBe(true);
  });
});
