/** Copies of one message arriving together are processed once, and every copy gets an answer. */
import { describe, expect, it } from 'vitest';
import { errorsOf, focalOf, useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

describe('concurrent copies', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '300' });

  it('four identical requests sent at once all get the same answer and queue the message once', async () => {
    const provider = await gw.client('N-F-00003');
    const text = JSON.stringify(fresh(sample('7a-claim-dental-request.json').json));
    const replies = await Promise.all([1, 2, 3, 4].map(() => provider.send(text)));
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(focalOf(reply.json).outcome).toBe('queued');
    }
    expect(await gw.gateway.store.depth('N-I-00001')).toBe(1);
  });

  it('a different message reusing the Bundle.id of one still in flight is BV-00127', async () => {
    const provider = await gw.client('N-F-00003');
    const first = fresh(sample('7a-claim-dental-request.json').json);
    const second = structuredClone(first);
    second.entry[0].resource.id = crypto.randomUUID();
    const replies = await Promise.all([provider.send(first), provider.send(second)]);
    // Whichever arrives first is queued; the other is refused.
    const outcomes = replies.map((r) => (focalOf(r.json).outcome === 'queued' ? 'queued' : JSON.stringify(errorsOf(r.json))));
    expect(outcomes.sort()).toEqual([JSON.stringify([{ code: 'BV-00127', expression: 'Bundle.id' }]), 'queued']);
    expect(await gw.gateway.store.depth('N-I-00001')).toBe(2);
  });
});
