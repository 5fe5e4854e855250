/**
 * The audit routes on the running gateway (issue 11, item 2): the signed checkpoint covers the
 * traffic just exchanged, and a participant gets an inclusion proof for its own message that
 * `wasl audit prove` logic accepts, on both adapters.
 */
import { expect, it } from 'vitest';
import { describeOnBothStores } from '../support/both-stores.js';
import { fresh, sample } from '../support/samples.js';
import { verifyCheckpoint } from '../../src/audit/checkpoint.js';

describeOnBothStores('audit on the gateway', { WASL_SYNC_WINDOW_MS: '0' }, (gw) => {
  it('serves a signed checkpoint over the ledger and an inclusion proof of the caller\'s own message', async () => {
    const request = fresh(sample('7a-claim-dental-request.json').json);
    const provider = await gw.client(request.entry[0].resource.sender.identifier.value);
    expect((await provider.send(request)).status).toBe(200);
    const head = await gw.gateway.store.ledgerHead();

    const proof = await fetch(`${gw.url}/audit/proof/${request.id}`, { headers: { authorization: `Bearer ${await provider.token()}` } });
    expect(proof.status).toBe(200);
    const body = await proof.json();
    expect(body.treeSize).toBeGreaterThanOrEqual(head.seq);
    expect(body.entries.some((e: any) => e.kind === 'accepted')).toBe(true);

    const checkpoint = await (await fetch(`${gw.url}/audit/checkpoint`)).json();
    expect(checkpoint.seq).toBeGreaterThanOrEqual(head.seq);
    const jwks = await (await fetch(`${gw.url}/.well-known/jwks.json`)).json();
    expect(await verifyCheckpoint(checkpoint.checkpoint, jwks)).toMatchObject({ ok: true });

    const stranger = await gw.client('N-F-00002');
    const refused = await fetch(`${gw.url}/audit/proof/${request.id}`, { headers: { authorization: `Bearer ${await stranger.token()}` } });
    expect(refused.status).toBe(404);
  });
});
