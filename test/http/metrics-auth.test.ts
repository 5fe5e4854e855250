/**
 * Issue 9, item 12: `/metrics` (queue depth per licence) is not public. It needs an access token
 * of the admin or regulator role, or the static WASL_METRICS_TOKEN secret a scraper presents.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { useTestGateway } from '../support/gateway.js';

const SECRET = 'metrics-auth-test-secret-0123456789abcdef';

async function scrape(url: string, authorization?: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${url}/metrics`, authorization ? { headers: { authorization } } : {});
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function codeOf(text: string): string {
  return JSON.parse(text).issue[0].details.coding[0].code;
}

describe('/metrics needs a credential', () => {
  const gw = useTestGateway({ WASL_METRICS_TOKEN: SECRET });

  it('without one: 401 WASL_ERR_UNAUTHENTICATED with a Bearer challenge; a wrong secret or a garbage token: 401', async () => {
    const none = await scrape(gw.url);
    expect(none.status).toBe(401);
    expect(codeOf(none.text)).toBe('WASL_ERR_UNAUTHENTICATED');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await scrape(gw.url, `Bearer ${SECRET.slice(0, -1)}x`)).status).toBe(401);
    expect((await scrape(gw.url, `Bearer ${SECRET}${SECRET}`)).status).toBe(401);
    expect((await scrape(gw.url, `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}`)).status).toBe(401);
  });

  it('the static secret: 200 in the Prometheus text format', async () => {
    const scraped = await scrape(gw.url, `Bearer ${SECRET}`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(scraped.text).toContain('# TYPE wasl_messages_total counter');
  });

  it("a regulator's access token: 200; a provider's or a payer's: 403 WASL_ERR_FORBIDDEN_ROLE", async () => {
    const regulator = await (await gw.client('REG-CHI')).token();
    expect((await scrape(gw.url, `Bearer ${regulator}`)).status).toBe(200);
    for (const licence of ['N-F-00001', 'N-I-00001']) {
      const refused = await scrape(gw.url, `Bearer ${await (await gw.client(licence)).token()}`);
      expect(refused.status).toBe(403);
      expect(codeOf(refused.text)).toBe('WASL_ERR_FORBIDDEN_ROLE');
    }
  });
});

describe('/metrics without WASL_METRICS_TOKEN', () => {
  const gw = useTestGateway();

  it('accepts only admin and regulator tokens', async () => {
    expect((await scrape(gw.url)).status).toBe(401);
    expect((await scrape(gw.url, 'Bearer undefined')).status).toBe(401);
    expect((await scrape(gw.url, `Bearer ${await (await gw.client('REG-CHI')).token()}`)).status).toBe(200);
  });
});

describe('WASL_METRICS_TOKEN', () => {
  it('must be a long bearer secret', () => {
    expect(() => loadConfig({ WASL_METRICS_TOKEN: 'short' })).toThrow(/WASL_METRICS_TOKEN/);
    expect(() => loadConfig({ WASL_METRICS_TOKEN: `${'a'.repeat(31)} ` })).toThrow(/WASL_METRICS_TOKEN/);
    expect(loadConfig({ WASL_METRICS_TOKEN: SECRET }).metricsToken).toBe(SECRET);
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });
});
