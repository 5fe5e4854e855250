/** Idempotency (SPEC section 6): resends, reused ids and the stored answer. */
import { describe, expect, it } from 'vitest';
import { PayerSimulator } from '../../src/payer-sim/simulator.js';
import { errorsOf, focalOf, headerOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

describe('idempotency', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '100' });

  it('a byte-identical resend while the payer has not answered says queued again and queues nothing new', async () => {
    const provider = await gw.client('N-F-00003');
    const text = JSON.stringify(fresh(sample('7a-claim-dental-request.json').json));
    const first = await provider.send(text);
    expect(focalOf(first.json).outcome).toBe('queued');
    const depth = (await gw.gateway.store.stats('N-I-00001')).depth;
    const again = await provider.send(text);
    expect(again.status).toBe(200);
    expect(focalOf(again.json).outcome).toBe('queued');
    expect((await gw.gateway.store.stats('N-I-00001')).depth).toBe(depth);
  });

  it('a byte-identical resend after the answer returns the stored answer', async () => {
    const provider = await gw.client('N-F-00003');
    const text = JSON.stringify(fresh(sample('7a-claim-dental-request.json').json));
    await provider.send(text);
    const payer = new PayerSimulator({ client: await gw.client('N-I-00001') });
    await payer.runOnce();
    await payer.stop();
    const again = await provider.send(text);
    expect(headerOf(again.json).eventCoding.code).toBe('claim-response');
    expect(focalOf(again.json).outcome).toBe('complete');
    const third = await provider.send(text);
    expect(third.json.id).toBe(again.json.id);
  });

  it('a byte-identical resend of a rejected message returns the same rejection', async () => {
    const provider = await gw.client('N-F-00003');
    const bundle = fresh(sample('7a-claim-dental-request.json').json);
    bundle.entry[1].resource.use = 'preauthorization';
    const text = JSON.stringify(bundle);
    const first = await provider.send(text);
    const again = await provider.send(text);
    expect(errorsOf(first.json)).toEqual([{ code: 'BV-00165', expression: 'Bundle.entry[1].resource.use' }]);
    expect(again.text).toBe(first.text);
  });

  it('reusing a Bundle.id with different content is BV-00127', async () => {
    const provider = await gw.client('N-F-00003');
    const bundle = fresh(sample('7a-claim-dental-request.json').json);
    await provider.send(bundle);
    const changed = structuredClone(bundle);
    changed.entry[0].resource.id = crypto.randomUUID();
    changed.entry[1].resource.item[0].net.value = 1;
    const reply = await provider.send(changed);
    expect(errorsOf(reply.json)).toEqual([{ code: 'BV-00127', expression: 'Bundle.id' }]);
  });

  it('reusing a MessageHeader.id under a new Bundle.id is BV-00532', async () => {
    const provider = await gw.client('N-F-00003');
    const bundle = fresh(sample('7a-claim-dental-request.json').json);
    await provider.send(bundle);
    const changed = structuredClone(bundle);
    changed.id = crypto.randomUUID();
    const reply = await provider.send(changed);
    expect(errorsOf(reply.json)).toEqual([{ code: 'BV-00532', expression: 'Bundle.entry[0].resource.id' }]);
  });

  it('the same ids from two different senders are two different messages (13a and 13b share theirs)', async () => {
    const a = sample('13a-payment-reconciliation.json').json;
    const b = sample('13b-payment-notice.json').json;
    expect(a.id).toBe(b.id);
    expect(a.entry[0].resource.id).toBe(b.entry[0].resource.id);
  });
});
