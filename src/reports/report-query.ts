/**
 * Reads a report's query string (issue 15, item 2): `from`, `to` (UTC days, both included, at most
 * MAX_DAYS apart), `groupBy` and `format`. Every problem is collected and reported once, coded
 * WASL_ERR_REPORT_QUERY (400) with the parameter as the expression, never a 500.
 */
import { error, type Finding } from '../findings/finding.js';
import type { Language } from '../findings/catalogue.js';
import { REPORT_GROUP_BYS, type ReportFormat, type ReportGroupBy, type ReportQuery } from './report-types.js';

export const MAX_DAYS = 366;
const DAY_MS = 86_400_000;
const FORMATS: readonly ReportFormat[] = ['json', 'csv', 'html'];

export interface RawReportQuery {
  readonly from?: unknown;
  readonly to?: unknown;
  readonly groupBy?: unknown;
  readonly format?: unknown;
}

export type ParsedReportQuery = { ok: true; query: ReportQuery; format: ReportFormat } | { ok: false; findings: Finding[] };

export function parseReportQuery(raw: RawReportQuery, language: Language, formats: readonly ReportFormat[] = FORMATS): ParsedReportQuery {
  const findings: Finding[] = [];
  const bad = (param: string, why: string): void => {
    findings.push(error('WASL_ERR_REPORT_QUERY', param, why));
  };
  const from = dayParam(raw.from, 'from', bad);
  const to = dayParam(raw.to, 'to', bad);
  if (from !== undefined && to !== undefined) {
    const span = (Date.parse(to) - Date.parse(from)) / DAY_MS;
    if (span < 0) bad('to', `to (${to}) is before from (${from})`);
    else if (span >= MAX_DAYS) bad('to', `a report covers at most ${MAX_DAYS} days`);
  }
  let groupBy: ReportGroupBy | undefined;
  if (raw.groupBy !== undefined) {
    if (typeof raw.groupBy === 'string' && (REPORT_GROUP_BYS as readonly string[]).includes(raw.groupBy)) groupBy = raw.groupBy as ReportGroupBy;
    else bad('groupBy', `groupBy must be one of ${REPORT_GROUP_BYS.join(', ')}`);
  }
  let format: ReportFormat = 'json';
  if (raw.format !== undefined) {
    if (typeof raw.format === 'string' && (formats as readonly string[]).includes(raw.format)) format = raw.format as ReportFormat;
    else bad('format', `format must be one of ${formats.join(', ')}`);
  }
  if (findings.length > 0 || from === undefined || to === undefined) return { ok: false, findings };
  return { ok: true, format, query: { from, to, language, ...(groupBy ? { groupBy } : {}) } };
}

function dayParam(value: unknown, name: string, bad: (param: string, why: string) => void): string | undefined {
  if (value === undefined) {
    bad(name, `${name} is required (YYYY-MM-DD)`);
    return undefined;
  }
  if (typeof value !== 'string' || !isDay(value)) {
    bad(name, `${name} must be a day, YYYY-MM-DD`);
    return undefined;
  }
  return value;
}

export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** Every UTC day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); ms <= end; ms += DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}
