/**
 * The report as CSV (issue 15, item 2): one long table, so every section fits one header and a
 * spreadsheet pivots it as it likes:
 *
 *   section,day,group,code,metric,value
 *
 * `section` is the report's key (totals, volumes, rejections, mds, billingCodes, dataQuality,
 * turnaround, adjudication, backlog, risk, groups, trend); `day` is set on trend rows; `group` is
 * the event, participant or payer a row is about; `code` the rule, reason or family code, the
 * request event of a turnaround row, or a probability bucket `0.1-0.2`; `metric` is the figure's
 * path in the JSON (`firstPass.rate`, `p90`, `display`...); `value` a number, empty for null, or text.
 */
import type { ComplianceReport } from './report-types.js';

type Cells = { day?: string; group?: string; code?: string };

export const CSV_HEADER = 'section,day,group,code,metric,value';

export function reportCsv(report: ComplianceReport): string {
  const lines: string[] = [CSV_HEADER];
  const emit = (section: string, cells: Cells, value: unknown, path = ''): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) emit(section, cells, v, path ? `${path}.${k}` : k);
      return;
    }
    if (Array.isArray(value)) return; // Arrays are sections of their own, emitted below.
    lines.push([section, cells.day ?? '', cells.group ?? '', cells.code ?? '', path, value === null ? '' : String(value)].map(cell).join(','));
  };
  emit('totals', {}, report.totals);
  for (const { event, ...rest } of report.volumes.byEvent) emit('volumes', { group: event }, rest);
  emit('rejections', {}, { rejected: report.rejections.rejected });
  for (const { code, ...rest } of report.rejections.topCodes) emit('rejections', { code: code.code }, { display: code.display, ...rest });
  emit('mds', {}, { overall: report.mds.overall });
  for (const { event, compliant } of report.mds.byEvent) emit('mds', { group: event }, { compliant });
  emit('billingCodes', {}, { overall: report.billingCodes.overall });
  for (const { event, sbsItems } of report.billingCodes.byEvent) emit('billingCodes', { group: event }, { sbsItems });
  emit('dataQuality', {}, report.dataQuality);
  emit('turnaround', {}, { windowMs: report.turnaround.windowMs, overall: report.turnaround.overall });
  for (const { payer, event, ...rest } of report.turnaround.rows) emit('turnaround', { group: payer, code: event }, rest);
  emit('adjudication', {}, { priorauthsInWindow: report.adjudication.priorauthsInWindow });
  for (const { payer, reasons, ...rest } of report.adjudication.payers) {
    emit('adjudication', { group: payer }, rest);
    for (const { code, answers } of reasons) emit('adjudication', { group: payer, code: code.code }, { display: code.display, answers });
  }
  emit('backlog', {}, { at: report.backlog.at, queued: report.backlog.queued, deadLetters: report.backlog.deadLetters });
  for (const { recipient, ...rest } of report.backlog.recipients) emit('backlog', { group: recipient }, rest);
  emit('risk', {}, { assessed: report.risk.assessed, detectedIssues: report.risk.detectedIssues });
  for (const { family, count } of report.risk.byFamily) emit('risk', { code: family.code }, { display: family.display, count });
  for (const { provider, count } of report.risk.byProvider) emit('risk', { group: provider }, { provider: count });
  for (const { payer, count } of report.risk.byPayer) emit('risk', { group: payer }, { payer: count });
  for (const { from, to, ...rest } of report.risk.scores) emit('risk', { code: `${from}-${to}` }, { scores: rest });
  for (const { key, ...rest } of report.groups ?? []) emit('groups', { group: key }, rest);
  for (const { day, ...rest } of report.trend) emit('trend', { day }, rest);
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180: quoted when it holds a comma, quote or line break; a leading =+-@ is quoted too (spreadsheet formulas). */
function cell(text: string): string {
  return /[",\r\n]|^[=+\-@]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
