/**
 * `GET /reports/dashboard` and `/reports/dashboard/view` over HTTP (issue 15, item 4), without a
 * browser (test/reports/dashboard.browser.test.ts drives the page in Chromium): the public shell,
 * its language and CSP, and the authenticated view's roles and query rules.
 */
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../../support/gateway.js';

const TODAY = new Date().toISOString().slice(0, 10);

describe('the dashboard routes', () => {
  const gw = useTestGateway();

  async function get(path: string, headers: Record<string, string> = {}) {
    const answer = await fetch(`${gw.url}${path}`, { headers });
    return { status: answer.status, headers: answer.headers, text: await answer.text() };
  }
  const bearer = async (licence: string) => ({ authorization: `Bearer ${await (await gw.client(licence)).token()}` });

  it('serves the page without a token, holding no figure, in the language asked', async () => {
    const english = await get('/reports/dashboard');
    expect(english.status).toBe(200);
    expect(english.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(english.text).toContain('<html lang="en" dir="ltr">');
    expect(english.text).not.toContain('data-path=');
    const arabic = await get('/reports/dashboard', { 'accept-language': 'ar-SA,ar;q=0.9' });
    expect(arabic.text).toContain('<html lang="ar" dir="rtl">');
    expect((await get('/reports/dashboard?lang=en', { 'accept-language': 'ar' })).text).toContain('<html lang="en" dir="ltr">');
  });

  it('allows its own inline script and style by a fresh nonce, nothing else', async () => {
    const first = await get('/reports/dashboard');
    const second = await get('/reports/dashboard');
    const nonce = (csp: string | null) => /script-src [^;]*'nonce-([^']+)'/.exec(csp ?? '')?.[1];
    expect(nonce(first.headers.get('content-security-policy'))).toBeDefined();
    expect(nonce(first.headers.get('content-security-policy'))).not.toBe(nonce(second.headers.get('content-security-policy')));
    expect(first.text).toContain(`<script nonce="${nonce(first.headers.get('content-security-policy'))}">`);
    expect(first.headers.get('content-security-policy')).not.toContain('unsafe');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('the view needs a token (401), and a period the JSON routes would take (400 WASL_ERR_REPORT_QUERY)', async () => {
    const anonymous = await get(`/reports/dashboard/view?from=${TODAY}&to=${TODAY}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).toContain('WASL_ERR_UNAUTHENTICATED');
    const bad = await get(`/reports/dashboard/view?from=${TODAY}&to=2000-01-01`, await bearer('REG-CHI'));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('WASL_ERR_REPORT_QUERY');
  });

  it("the regulator's view is the sector's; a provider's its own; an admin's 403", async () => {
    const sector = await get(`/reports/dashboard/view?from=${TODAY}&to=${TODAY}&lang=ar`, await bearer('REG-CHI'));
    expect(sector.status).toBe(200);
    expect(sector.headers.get('content-language')).toBe('ar');
    expect(sector.text).toContain('data-scope="sector"');
    const own = await get(`/reports/dashboard/view?from=${TODAY}&to=${TODAY}`, await bearer('N-F-00001'));
    expect(own.text).toContain('data-scope="N-F-00001"');
    const admin = await get(`/reports/dashboard/view?from=${TODAY}&to=${TODAY}`, await bearer('ADMIN-1'));
    expect(admin.status).toBe(403);
    expect(admin.text).toContain('WASL_ERR_FORBIDDEN_ROLE');
  });

  it('GET /reports/compliance?format=html is the same rendering, as a standalone page', async () => {
    const page = await get(`/reports/compliance?from=${TODAY}&to=${TODAY}&format=html`, { ...(await bearer('REG-CHI')), 'accept-language': 'ar' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<html lang="ar" dir="rtl">');
    expect(page.text).toContain('data-path="totals.accepted" data-value="0"');
    expect(page.text).not.toContain('<script');
  });
});
