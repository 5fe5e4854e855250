/**
 * Security headers (issue 13, item 5): @fastify/helmet on Swagger UI and the OpenAPI document, with
 * a Content-Security-Policy the page renders under (everything it loads is same-origin and no
 * inline script is needed), and the FHIR / OAuth JSON answers left as they were.
 */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../support/gateway.js';

/** `directive -> sources` of a Content-Security-Policy header. */
function csp(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  return directives;
}

describe('security headers', () => {
  const gw = useTestGateway();

  it('GET /docs carries helmet headers and a CSP that admits every asset the page loads', async () => {
    const page = await fetch(`${gw.url}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const policy = csp(page.headers.get('content-security-policy'));
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);

    // Swagger UI renders only if each script and stylesheet is same-origin and there is no inline script.
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>\s*\S/);
    for (const [, src] of html.matchAll(/<(?:script src|link rel="stylesheet" type="text\/css" href)="([^"]+)"/g)) {
      const url = new URL(src!, page.url);
      expect(url.origin, src).toBe(new URL(gw.url).origin);
      const asset = await fetch(url);
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get('content-security-policy'), src).toBe(page.headers.get('content-security-policy'));
      await asset.arrayBuffer();
    }
    // It fetches its document from this origin too (connect-src 'self').
    const initializer = await (await fetch(`${gw.url}/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain('./json');
    expect(initializer).toContain('"validatorUrl":null');
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('GET /openapi.json has them too; the FHIR and token JSON answers do not change', async () => {
    expect((await fetch(`${gw.url}/openapi.json`)).headers.get('x-content-type-options')).toBe('nosniff');
    const metadata = await fetch(`${gw.url}/metadata`);
    expect(metadata.status).toBe(200);
    expect(metadata.headers.get('content-security-policy')).toBeNull();
    const refused = await gw.post('/$process-message', '{}', { 'content-type': 'application/fhir+json' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-security-policy')).toBeNull();
    expect(refused.headers.get('x-frame-options')).toBeNull();
  });
});
