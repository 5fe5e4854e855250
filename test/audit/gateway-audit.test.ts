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

    // A rejected message is provable to its sender, not to the payer it never reached.
    const rejected = fresh(sample('7a-claim-dental-request.json').json);
    delete rejected.entry.find((e: any) => e.resource.resourceType === 'Claim').resource.patient;
    expect((await provider.send(rejected)).status).toBe(200);
    const payer = await gw.client(rejected.entry[0].resource.destination[0].receiver.identifier.value);
    const ownProof = await fetch(`${gw.url}/audit/proof/${rejected.id}`, { headers: { authorization: `Bearer ${await provider.token()}` } });
    expect((await ownProof.json()).entries.map((e: any) => e.kind)).toEqual(['rejected']);
    const payerProof = await fetch(`${gw.url}/audit/proof/${rejected.id}`, { headers: { authorization: `Bearer ${await payer.token()}` } });
    expect(payerProof.status).toBe(404);

    const stranger = await gw.client('N-F-00002');
    const refused = await fetch(`${gw.url}/audit/proof/${request.id}`, { headers: { authorization: `Bearer ${await stranger.token()}` } });
    expect(refused.status).toBe(404);
  });
});
