/** When the store cannot be reached: 503 with Retry-After, /readyz says so, nothing half-done. */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

describe('store unavailable', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });

  it('answers 503 WASL_ERR_STORE_UNAVAILABLE with Retry-After, and /readyz reports it', async () => {
    const provider = await gw.client('N-F-00003');
    const token = await provider.token();
    await gw.gateway.store.close();
    const reply = await gw.post('/$process-message', JSON.stringify(fresh(sample('7a-claim-dental-request.json').json)), {
      'content-type': 'application/fhir+json',
      authorization: `Bearer ${token}`,
    });
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe('5');
    expect(reply.json.issue[0].details.coding[0].code).toBe('WASL_ERR_STORE_UNAVAILABLE');
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
  });
});
