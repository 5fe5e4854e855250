/**
 * Charts drawn on the server as SVG (issue 15, item 4): no chart library and no CDN, since the hub
 * runs offline. Honest by construction: bars start at zero, lines share one axis from zero, and
 * every mark carries its number in a `<title>` (shown on hover, read by screen readers). The page
 * prints the same numbers as a table under each chart. Only presentation attributes, never
 * `style="…"`, so the page's Content-Security-Policy needs no 'unsafe-inline' for styles.
 */
import { escapeHtml } from './escape.js';
import type { DayChart } from './view-model.js';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };
const PALETTE = ['#1f6f8b', '#c8553d', '#588157', '#8e7dbe', '#d4a017'];

export interface ChartText {
  readonly title: string;
  readonly seriesLabel: (key: string) => string;
  readonly day: (day: string) => string;
  readonly number: (value: number | null) => string;
  readonly rtl: boolean;
}

/** The SVG of one chart; `id` names its title for `aria-labelledby`. */
export function chartSvg(chart: DayChart, id: string, text: ChartText): string {
  const days = [...new Set(chart.series.flatMap((s) => s.points.map((p) => p.day)))].sort();
  const max = Math.max(0, ...chart.series.flatMap((s) => s.points.map((p) => p.figure.value ?? 0)));
  const top = niceCeiling(chart.unit === 'share' ? Math.max(max, 1) : max);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  // Right to left in Arabic: the first day on the right, as an Arabic reader scans.
  const slot = plotW / Math.max(1, days.length);
  const xOf = (i: number) => PAD.left + (text.rtl ? days.length - 1 - i : i) * slot;
  const yOf = (v: number) => PAD.top + plotH - (top === 0 ? 0 : (v / top) * plotH);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-t">`);
  parts.push(`<title id="${id}-t">${escapeHtml(text.title)}</title>`);
  for (const tick of [0, 0.5, 1]) {
    const y = yOf(top * tick);
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="#ccc" stroke-width="1"/>`);
    parts.push(`<text class="axis" x="${PAD.left - 4}" y="${y + 4}" text-anchor="end" font-size="11">${escapeHtml(text.number(top * tick))}</text>`);
  }
  chart.series.forEach((series, s) => {
    const colour = PALETTE[s % PALETTE.length]!;
    const values = new Map(series.points.map((p) => [p.day, p]));
    if (chart.kind === 'bars') {
      const barW = (slot * 0.8) / chart.series.length;
      days.forEach((day, i) => {
        const point = values.get(day);
        const v = point?.figure.value ?? 0;
        const offset = (text.rtl ? chart.series.length - 1 - s : s) * barW;
        parts.push(`<rect x="${round(xOf(i) + slot * 0.1 + offset)}" y="${round(yOf(v))}" width="${round(barW)}" height="${round(yOf(0) - yOf(v))}" fill="${colour}"><title>${escapeHtml(`${text.seriesLabel(series.label)}, ${text.day(day)}: ${text.number(point?.figure.value ?? null)}`)}</title></rect>`);
      });
    } else {
      const known = days.map((day, i) => ({ day, i, point: values.get(day) })).filter((d) => d.point && d.point.figure.value !== null);
      const path = known.map((d, k) => `${k === 0 ? 'M' : 'L'}${round(xOf(d.i) + slot / 2)},${round(yOf(d.point!.figure.value!))}`).join(' ');
      if (path) parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
      for (const d of known) parts.push(`<circle cx="${round(xOf(d.i) + slot / 2)}" cy="${round(yOf(d.point!.figure.value!))}" r="3" fill="${colour}"><title>${escapeHtml(`${text.seriesLabel(series.label)}, ${text.day(d.day)}: ${text.number(d.point!.figure.value)}`)}</title></circle>`);
    }
  });
  // Day labels: the first and the last only, so they never overlap on a month of days.
  if (days.length > 0) {
    const ends = days.length === 1 ? [0] : [0, days.length - 1];
    for (const i of ends) parts.push(`<text class="axis" x="${round(xOf(i) + slot / 2)}" y="${HEIGHT - 8}" text-anchor="middle" font-size="11">${escapeHtml(text.day(days[i]!))}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The legend: one swatch per series, in the palette order of the chart. */
export function legendHtml(chart: DayChart, seriesLabel: (key: string) => string): string {
  if (chart.series.length < 2) return '';
  const items = chart.series.map((s, i) => `<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/></svg> ${escapeHtml(seriesLabel(s.label))}</li>`);
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** A round upper bound for the axis (1, 2, 5 × 10^n), so the grid reads at a glance. */
function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
