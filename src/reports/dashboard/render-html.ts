/**
 * The report as HTML (issue 15, item 4): one body fragment, used by the dashboard page (which
 * fetches it with the caller's token) and by `wasl report --format html` (a whole document, saved
 * and opened offline). Every number is printed as text with `data-path` (its place in the JSON
 * report) and `data-value` (the exact value), so the page and the JSON can be compared.
 */
import { bothCalendars } from './dates.js';
import { escapeHtml } from './escape.js';
import type { DashboardLabels, Language } from './labels.js';
import { formatNumber } from './numbers.js';
import { chartSvg, legendHtml } from './svg-charts.js';
import { DASHBOARD_CSS } from './styles.js';
import type { Cell, DashboardView, DayChart, Figure, FigureGroup, Section, Table } from './view-model.js';

export interface RenderContext {
  readonly labels: DashboardLabels;
  readonly language: Language;
}

export function reportTitle(view: DashboardView, { labels, language }: RenderContext): string {
  return view.scope.kind === 'sector' ? labels.text('title.sector', language) : labels.text('title.own', language, { licence: view.scope.licence });
}

/** The report's `<header>` and sections, without `<html>`: the page inserts it under its controls. */
export function renderReportBody(view: DashboardView, context: RenderContext): string {
  const { labels, language } = context;
  const from = bothCalendars(view.from, language);
  const to = bothCalendars(view.to, language);
  const made = bothCalendars(view.generatedAt, language, true);
  const header = [
    `<header><h1>${escapeHtml(reportTitle(view, context))}</h1>`,
    `<p class="period">${escapeHtml(labels.text('period', language))}: `,
    `<time datetime="${escapeHtml(view.from)}">${escapeHtml(from.gregorian)}</time> – <time datetime="${escapeHtml(view.to)}">${escapeHtml(to.gregorian)}</time>`,
    ` <span class="hijri" data-calendar="hijri">(${escapeHtml(from.hijri)} – ${escapeHtml(to.hijri)})</span></p>`,
    `<p class="generated">${escapeHtml(labels.text('generated', language))}: <time datetime="${escapeHtml(view.generatedAt)}">${escapeHtml(made.gregorian)}</time> <span class="hijri" data-calendar="hijri">(${escapeHtml(made.hijri)})</span></p></header>`,
  ].join('');
  return `<article class="report" data-scope="${view.scope.kind === 'sector' ? 'sector' : escapeHtml(view.scope.licence)}">${header}${view.sections.map((s, i) => renderSection(s, `s${i}`, context)).join('')}</article>`;
}

/** A whole document for `wasl report --format html`: no script, no external resource, printable. */
export function renderReportDocument(view: DashboardView, context: RenderContext): string {
  const dir = context.language === 'ar' ? 'rtl' : 'ltr';
  return `<!doctype html>\n<html lang="${context.language}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(reportTitle(view, context))}</title><style>${DASHBOARD_CSS}</style></head><body>${renderReportBody(view, context)}</body></html>\n`;
}

function renderSection(section: Section, id: string, context: RenderContext): string {
  const title = context.labels.text(section.title, context.language);
  const inner = section.kind === 'figures' ? figuresHtml(section, context) : section.kind === 'table' ? tableHtml(section, context) : chartHtml(section, id, title, context);
  return `<section aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(title)}</h2>${inner}</section>`;
}

function figureText(figure: Figure, { language }: RenderContext): string {
  return formatNumber(figure.value, figure.unit, language);
}

/** The one element that carries a number: the text, its exact value and its JSON path. */
function numberSpan(figure: Figure, context: RenderContext): string {
  const value = figure.value === null ? 'null' : String(figure.value);
  return `<span class="num" data-path="${escapeHtml(figure.path)}" data-value="${value}" data-unit="${figure.unit}">${escapeHtml(figureText(figure, context))}</span>`;
}

function figuresHtml(group: FigureGroup, context: RenderContext): string {
  if (group.figures.length === 0) return `<p class="empty">${escapeHtml(context.labels.text('empty', context.language))}</p>`;
  const items = group.figures.map((f) => `<div><dt>${escapeHtml(label(f.label, context))}</dt><dd>${numberSpan(f, context)}</dd></div>`);
  return `<dl class="figures">${items.join('')}</dl>`;
}

function tableHtml(table: Table, context: RenderContext): string {
  if (table.rows.length === 0) return `<p class="empty">${escapeHtml(context.labels.text('empty', context.language))}</p>`;
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(context.labels.text(c, context.language))}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => cellHtml(cell, context)).join('')}</tr>`);
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function cellHtml(cell: Cell, context: RenderContext): string {
  if ('figure' in cell) return `<td class="num">${numberSpan(cell.figure, context)}</td>`;
  return `<td>${escapeHtml(cell.display ? label(cell.text, context) : cell.text)}</td>`;
}

function chartHtml(chart: DayChart, id: string, title: string, context: RenderContext): string {
  const { labels, language } = context;
  const days = [...new Set(chart.series.flatMap((s) => s.points.map((p) => p.day)))].sort();
  if (days.length === 0) return `<p class="empty">${escapeHtml(labels.text('empty', language))}</p>`;
  const seriesLabel = (key: string) => label(key, context);
  const svg = chartSvg(chart, id, {
    title,
    seriesLabel,
    day: (day) => bothCalendars(day, language).gregorian,
    number: (value) => formatNumber(value, chart.unit, language),
    rtl: language === 'ar',
  });
  // The chart's numbers, day by day, in both calendars: what the bars and lines show, as text.
  const head = [`<th scope="col">${escapeHtml(labels.text('col.day', language))}</th>`, ...chart.series.map((s) => `<th scope="col">${escapeHtml(seriesLabel(s.label))}</th>`)].join('');
  const rows = days.map((day) => {
    const dates = bothCalendars(day, language);
    const cells = chart.series.map((s) => {
      const point = s.points.find((p) => p.day === day);
      return point ? `<td class="num">${numberSpan(point.figure, context)}</td>` : '<td class="num">–</td>';
    });
    return `<tr><th scope="row"><time datetime="${day}">${escapeHtml(dates.gregorian)}</time> <span class="hijri" data-calendar="hijri">${escapeHtml(dates.hijri)}</span></th>${cells.join('')}</tr>`;
  });
  return `${svg}${legendHtml(chart, seriesLabel)}<details open><summary>${escapeHtml(labels.text('chart.numbers', language))}</summary><table class="chart-data"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

/** A label key when the labels know it (figures, series), else the text itself (an event code, a licence). */
function label(key: string, { labels, language }: RenderContext): string {
  return labels.has(key) ? labels.text(key, language) : key;
}
