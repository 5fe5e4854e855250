/** Issue 10, item 5: every FHIR answer carries Content-Language, matching the displays it holds. */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

describe('Content-Language', () => {
  const gw = useTestGateway({ WASL_SYNC_WINDOW_MS: '50' });

  it('is ar when the caller asks for Arabic and en otherwise, on level-1 and level-2 answers', async () => {
    const token = await (await gw.client('N-F-00001')).token();
    const broken = fresh(sample('10-claim-professional-request.json').json);
    broken.entry[1].resource.use = 'preauthorization';
    for (const [language, expected] of [['ar', 'ar'], ['en-GB', 'en'], [undefined, 'en']] as const) {
      const headers: Record<string, string> = { 'content-type': 'application/fhir+json', authorization: `Bearer ${token}`, ...(language ? { 'accept-language': language } : {}) };
      const rejected = await gw.post('/$process-message', JSON.stringify({ ...broken, id: crypto.randomUUID(), entry: [{ ...broken.entry[0], resource: { ...broken.entry[0].resource, id: crypto.randomUUID() } }, ...broken.entry.slice(1)] }), headers);
      expect(rejected.status).toBe(200);
      expect(rejected.headers.get('content-language')).toBe(expected);
      const refused = await gw.post('/$process-message', '{"resourceType":"Patient"}', headers);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-language')).toBe(expected);
    }
  });
});
