import { describe, expect, it } from 'vitest';
import { dashboardView } from '../../../src/reports/dashboard/from-report.js';
import { DashboardLabels } from '../../../src/reports/dashboard/labels.js';
import { renderReportDocument } from '../../../src/reports/dashboard/render-html.js';
import { REPORT } from './__fixtures__/report.js';

const labels = DashboardLabels.load();

/** Every number the HTML prints, by its JSON path. */
function numbers(html: string): Map<string, string> {
  return new Map([...html.matchAll(/data-path="([^"]+)" data-value="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
}

function at(object: unknown, path: string): unknown {
  return path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '').reduce<any>((value, key) => value?.[key], object);
}

describe('the report as HTML', () => {
  it('prints every number with its JSON path and the exact value of the report', () => {
    const html = renderReportDocument(dashboardView(REPORT, 'en'), { labels, language: 'en' });
    const printed = numbers(html);
    expect(printed.size).toBeGreaterThan(40);
    for (const [path, value] of printed) expect(value, path).toBe(String(at(REPORT, path)));
    expect(printed.get('totals.accepted')).toBe('12');
    expect(printed.get('trend[2].rejected')).toBe('2');
    expect(printed.get('trend[1].firstPass.rate')).toBe('null');
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('80.0%');
  });

  it('in Arabic: right to left, Arabic labels, Hijri beside Gregorian, data escaped', () => {
    const html = renderReportDocument(dashboardView(REPORT, 'ar'), { labels, language: 'ar' });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(labels.text('section.summary', 'ar'));
    expect(html).toContain('استخدام المطالبة غير صالح');
    // 2026-12-06 is 26 Jumada al-Akhirah 1448 (Umm al-Qura).
    expect(html).toContain('١٤٤٨');
    expect(html).toMatch(/6 ديسمبر 2026/);
    const english = renderReportDocument(dashboardView(REPORT, 'en'), { labels, language: 'en' });
    expect(english).toContain('Claim use &lt;invalid&gt;');
    expect(english).toMatch(/Jumada II 26, 1448 AH/);
  });

  it('draws the charts as SVG with a title on every mark, without style attributes', () => {
    const html = renderReportDocument(dashboardView(REPORT, 'en'), { labels, language: 'en' });
    expect(html.match(/<svg xmlns/g)?.length).toBe(2);
    expect(html).toContain('<title>Accepted, 6 December 2026: 8</title>');
    expect(html).not.toMatch(/\sstyle="/);
  });
});
