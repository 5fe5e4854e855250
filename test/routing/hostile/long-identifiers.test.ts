/**
 * Issue 9, item 11: long identifiers must not break the store. A 10 KB Bundle.id or
 * MessageHeader.id used to get 500 (LMDB "String does not fit in target buffer"), and an
 * identifier over LMDB's 1,978-byte key limit a false 503 "store unavailable". Ids are checked
 * as FHIR ids before any store access (DT-00032, DT-01295), business identifiers are indexed by
 * digest, and no store key is ever longer than the store allows. Both adapters.
 */
import { expect, it } from 'vitest';
import { describeOnBothStores } from '../../support/both-stores.js';
import { errorsOf, focalOf } from '../../support/gateway.js';
import { fresh, sample } from '../../support/samples.js';

const HUGE = 'a'.repeat(10_000);
const OVER_KEY_LIMIT = 'b'.repeat(2_100);

describeOnBothStores('long identifiers', { WASL_SYNC_WINDOW_MS: '50' }, (gw) => {
  const outcomeCode = (json: any): string => json.issue[0].details.coding[0].code;

  it('a 10 KB Bundle.id is DT-00032 (400) and a 10 KB MessageHeader.id DT-01295 (400); nothing is stored', async () => {
    const provider = await gw.client('N-F-00001');
    for (const [edit, code, expression] of [
      [(m: any) => (m.id = HUGE), 'DT-00032', 'Bundle.id'],
      [(m: any) => (m.entry[0].resource.id = HUGE), 'DT-01295', 'Bundle.entry[0].resource.id'],
      [(m: any) => (m.id = OVER_KEY_LIMIT), 'DT-00032', 'Bundle.id'],
    ] as const) {
      const message = fresh(sample('10-claim-professional-request.json').json);
      edit(message);
      const reply = await provider.send(message);
      expect(reply.status).toBe(400);
      expect(outcomeCode(reply.json)).toBe(code);
      expect((reply.json as any).issue[0].expression).toEqual([expression]);
    }
  });

  it('a 10 KB or 2 KB business identifier never reaches the store as a key: the claim is processed (no 500, no 503)', async () => {
    const provider = await gw.client('N-F-00001');
    for (const value of [HUGE, OVER_KEY_LIMIT]) {
      const message = fresh(sample('10-claim-professional-request.json').json);
      message.entry[1].resource.identifier[0].value = value;
      const reply = await provider.send(message);
      expect(reply.status).toBe(200);
      expect(focalOf(reply.json).resourceType).toBe('ClaimResponse');
      // Sent again, the same identifier is found (the digest index works at any length).
      const again = fresh(message);
      again.entry[1].resource.identifier[0].value = value;
      const second = await provider.send(again);
      expect(second.status).toBe(200);
      expect(errorsOf(second.json)).toEqual(errorsOf(reply.json));
    }
  });

  it('a poll acknowledging a 10 KB id, and a 10 KB Subscription id, are answered, not failed', async () => {
    const payer = await gw.client('N-I-00001');
    const { result } = await payer.poll({ count: 1, acknowledge: [HUGE, OVER_KEY_LIMIT], include: ['none'] });
    expect(result.status).toBe(200);
    const token = await payer.token();
    for (const method of ['GET', 'DELETE']) {
      // Fastify answers an over-long path parameter 414 before the route; either way, a coded outcome.
      const response = await fetch(`${gw.url}/Subscription/${OVER_KEY_LIMIT}`, { method, headers: { authorization: `Bearer ${token}` } });
      expect([404, 414]).toContain(response.status);
      expect(((await response.json()) as any).resourceType).toBe('OperationOutcome');
    }
  });

  it('the store refuses an over-long key as a coded value, never as an outage', async () => {
    const store = gw.gateway.store;
    expect(await store.findExchange('N-F-00001', HUGE)).toBeUndefined();
    expect(await store.findExchangeByBundle('N-F-00001', HUGE)).toBeUndefined();
    expect(await store.queued('N-I-00001', HUGE)).toBeUndefined();
    expect(await store.ack('N-I-00001', [HUGE])).toBe(0);
    expect(await store.claimOnce(`jti:${HUGE}`, Date.now() + 60_000)).toBe(true);
    expect(await store.claimOnce(`jti:${HUGE}`, Date.now() + 60_000)).toBe(false);
  });
});
