/**
 * The dashboard in a real browser (issue 15, item 4): Debian's headless Chromium driven by
 * playwright-core against a real gateway carrying real traffic. The page must show exactly the
 * numbers of the JSON report (every `data-path` element against the same path of
 * `/reports/compliance` or `/reports/mine`), in English and in Arabic (right to left, Hijri
 * dates), under its CSP without a violation, for the regulator and for a provider's own figures.
 * Screenshots go to test/artifacts/ (ignored by git). `.ci/run` installs chromium when missing;
 * the test is skipped only when no Chromium can be found at all, and says why.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber, type Unit } from '../../src/reports/dashboard/numbers.js';
import { PayerSimulator } from '../../src/payer-sim/simulator.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { fresh, sample } from '../support/samples.js';

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/** WASL_CHROMIUM, Debian's /usr/bin/chromium, or a chromium on the PATH. */
function findChromium(): string | undefined {
  const candidates = [process.env.WASL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const CHROMIUM = findChromium();
if (!CHROMIUM) console.warn('dashboard browser test skipped: no Chromium found (WASL_CHROMIUM, /usr/bin/chromium, chromium on the PATH); `apt-get install -y chromium`, as .ci/run does');

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const FROM = day(Date.now() - DAY_MS);
const TO = day(Date.now() + DAY_MS);

function at(object: unknown, path: string): unknown {
  return path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '').reduce<any>((value, key) => value?.[key], object);
}

interface Printed {
  readonly path: string;
  readonly value: string;
  readonly unit: Unit;
  readonly text: string;
}

async function printedNumbers(page: Page): Promise<Printed[]> {
  return page.$$eval('#report [data-path]', (elements) =>
    elements.map((e) => ({ path: e.getAttribute('data-path')!, value: e.getAttribute('data-value')!, unit: e.getAttribute('data-unit') as Unit, text: e.textContent ?? '' })),
  );
}

/** Every number on the page is the JSON's, shown as the page's language formats it. */
function expectSameNumbers(printed: readonly Printed[], report: unknown, language: 'en' | 'ar'): void {
  expect(printed.length).toBeGreaterThan(30);
  for (const number of printed) {
    const expected = at(report, number.path);
    expect(typeof expected === 'number' || expected === null, number.path).toBe(true);
    // A queue's oldest age grows between the two reads; everything else is of the period and fixed.
    if (number.path.endsWith('.oldestAgeMs')) continue;
    expect(number.value, number.path).toBe(String(expected));
    expect(number.text, number.path).toBe(formatNumber(expected as number | null, number.unit, language));
  }
}

describe.skipIf(!CHROMIUM)('the dashboard in headless Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let tokens: Record<'regulator' | 'provider' | 'admin', string>;
  const violations: string[] = [];

  async function json(path: string, token: string): Promise<any> {
    const answer = await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    expect(answer.status, path).toBe(200);
    return answer.json();
  }

  async function open(query: string, token: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${gw.url}/reports/dashboard?${query}#token=${token}`);
    await page.waitForSelector('body[data-state="ready"], body[data-state="failed"]', { timeout: 20_000 });
    return page;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    gw = await startTestGateway({ WASL_SYNC_WINDOW_MS: '3000' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    tokens = { regulator: await (await gw.client('REG-CHI')).token(), provider: await (await gw.client('N-F-00001')).token(), admin: await (await gw.client('ADMIN-1')).token() };
    // Traffic: valid requests answered by the reference payers, one claim refused (BV-00165), one left queued.
    const payers = await Promise.all(['N-I-00001', 'INS-FHIR', '7001548317'].map(async (licence) => new PayerSimulator({ client: await gw.client(licence), idleMs: 20 })));
    for (const payer of payers) payer.start();
    const provider = await gw.client('N-F-00001');
    for (const file of ['5a-preauth-professional-request.json', '10-claim-professional-request.json', '14a-eligibilty-request-ben-val.json']) {
      expect((await provider.send(fresh(sample(file).json))).status).toBe(200);
    }
    const invalid = fresh(sample('10-claim-professional-request.json').json);
    invalid.entry[1].resource.use = 'preauthorization';
    await provider.send(invalid);
    // Another provider's claim: in the sector's figures, never in N-F-00001's.
    expect((await (await gw.client('N-F-00003')).send(fresh(sample('7a-claim-dental-request.json').json))).status).toBe(200);
    for (const payer of payers) await payer.stop();
    await provider.send(fresh(sample('10-claim-professional-request.json').json));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
  });

  /** The projection follows the ledger asynchronously: wait until it has every message sent. */
  async function settledReport(path: string, token: string, messages: number): Promise<any> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const report = await json(path, token);
      if (report.totals.accepted + report.totals.rejected >= messages || Date.now() > deadline) return report;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('serves the page with a nonce CSP and nothing from elsewhere', async () => {
    const answer = await fetch(`${gw.url}/reports/dashboard?lang=en`);
    expect(answer.status).toBe(200);
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src [^;]*'nonce-/);
    expect(csp).toMatch(/style-src [^;]*'nonce-/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("default-src 'none'");
    expect(await answer.text()).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/);
  });

  it('the regulator, in English: the same numbers as GET /reports/compliance', async () => {
    const report = await settledReport(`/reports/compliance?from=${FROM}&to=${TO}&groupBy=provider&format=json`, tokens.regulator, 6);
    const page = await open(`lang=en&from=${FROM}&to=${TO}&groupBy=provider`, tokens.regulator);
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr']);
    expect(await page.getAttribute('#report article', 'data-scope')).toBe('sector');
    expectSameNumbers(await printedNumbers(page), report, 'en');
    expect(await page.$eval('[data-path="totals.accepted"]', (e) => e.textContent)).toBe(String(report.totals.accepted));
    expect(report.totals.accepted).toBeGreaterThan(0);
    expect(report.totals.rejected).toBeGreaterThan(0);
    expect(report.groups.map((g: any) => g.key)).toEqual(['N-F-00001', 'N-F-00003']);
    expect(await page.locator('[data-path="groups[1].accepted"]').textContent()).toBe(String(report.groups[1].accepted));
    expect(await page.locator('#report svg.chart').count()).toBe(2);
    expect(await page.locator('#report svg.chart rect > title').count()).toBeGreaterThan(0);
    expect(await page.locator('#report [data-calendar="hijri"]').first().textContent()).toMatch(/AH/);
    // The token left the address bar as soon as the page read it.
    expect(page.url()).not.toContain('token');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-regulator-en.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#login').isVisible()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-regulator-en-print.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it('the regulator, in Arabic: right to left, Arabic labels, Hijri dates, the same numbers', async () => {
    const report = await settledReport(`/reports/compliance?from=${FROM}&to=${TO}&format=json`, tokens.regulator, 6);
    const page = await open(`lang=ar&from=${FROM}&to=${TO}`, tokens.regulator);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');
    expect(await page.locator('#report h2').first().textContent()).toBe('الملخص');
    // Umm al-Qura dates in Arabic: Arabic-Indic digits and the Hijri era mark.
    const hijri = await page.locator('#report [data-calendar="hijri"]').allTextContents();
    expect(hijri.length).toBeGreaterThan(2);
    for (const text of hijri) expect(text).toMatch(/[٠-٩].*هـ/);
    expectSameNumbers(await printedNumbers(page), report, 'ar');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-regulator-ar.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it("a provider sees its own figures, the same as GET /reports/mine, never the sector's", async () => {
    const mine = await settledReport(`/reports/mine?from=${FROM}&to=${TO}&format=json`, tokens.provider, 5);
    const page = await open(`lang=en&from=${FROM}&to=${TO}`, tokens.provider);
    expect(await page.getAttribute('#report article', 'data-scope')).toBe('N-F-00001');
    expectSameNumbers(await printedNumbers(page), mine, 'en');
    expect(await page.textContent('#report')).not.toContain('N-F-00003');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-provider-en.png'), fullPage: true });
    await page.close();
  }, 60_000);

  it("an admin's token: the page says 403 WASL_ERR_FORBIDDEN_ROLE and shows no figure", async () => {
    const page = await open('lang=en', tokens.admin);
    expect(await page.getAttribute('body', 'data-state')).toBe('failed');
    expect(await page.textContent('#status')).toContain('403 WASL_ERR_FORBIDDEN_ROLE');
    expect(await page.locator('#report [data-path]').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('no page broke its Content-Security-Policy', () => {
    expect(violations).toEqual([]);
  });
});
