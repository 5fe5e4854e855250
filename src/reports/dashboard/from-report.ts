/**
 * The dashboard's view of a ComplianceReport (issue 15, item 4): which figures are drawn, as what,
 * and where each sits in the JSON (its `path`). Shares are the report's `Ratio.rate` (numerator and
 * denominator stay in the JSON and CSV); nothing is recomputed here, so the page can only show the
 * report's own numbers.
 */
import type { Language } from './labels.js';
import type { ComplianceReport, Ratio } from '../report-types.js';
import type { Unit } from './numbers.js';
import type { Cell, DashboardView, DayChart, Figure, Section, Table } from './view-model.js';

function figure(label: string, value: number | null, unit: Unit, path: string): Figure {
  return { label, value, unit, path };
}
const rate = (label: string, ratio: Ratio, path: string): Figure => figure(label, ratio.rate, 'share', `${path}.rate`);
const num = (value: number | null, unit: Unit, path: string): Cell => ({ figure: figure('', value, unit, path) });
const text = (value: string): Cell => ({ text: value });

export function dashboardView(report: ComplianceReport, language: Language): DashboardView {
  const sections: Section[] = [summary(report), volumesPerDay(report), trends(report), eventsTable(report), rejectionsTable(report, language), turnaroundTable(report), decisionsTable(report, language), backlog(report), backlogTable(report), riskTable(report, language)];
  if (report.groups && report.groups.length > 0) sections.push(groupsTable(report));
  return { scope: report.scope, from: report.period.from, to: report.period.to, generatedAt: report.generatedAt, sections };
}

function summary(report: ComplianceReport): Section {
  const t = report.totals;
  return {
    kind: 'figures',
    title: 'section.summary',
    figures: [
      figure('fig.accepted', t.accepted, 'count', 'totals.accepted'),
      figure('fig.rejected', t.rejected, 'count', 'totals.rejected'),
      rate('fig.firstPass', t.firstPass, 'totals.firstPass'),
      rate('fig.mds', t.mds, 'totals.mds'),
      rate('fig.billing', t.billingCodes, 'totals.billingCodes'),
      rate('fig.quality', t.dataQuality, 'totals.dataQuality'),
      rate('fig.inWindow', t.inWindow, 'totals.inWindow'),
      rate('fig.autoAdjudication', t.priorauthsInWindow, 'totals.priorauthsInWindow'),
      rate('fig.approvalRate', t.approved, 'totals.approved'),
      figure('fig.p50', t.turnaround.p50, 'ms', 'totals.turnaround.p50'),
      figure('fig.p90', t.turnaround.p90, 'ms', 'totals.turnaround.p90'),
      figure('fig.p99', t.turnaround.p99, 'ms', 'totals.turnaround.p99'),
      figure('fig.detectedIssues', t.detectedIssues, 'count', 'totals.detectedIssues'),
    ],
  };
}

function volumesPerDay(report: ComplianceReport): DayChart {
  const series = (label: string, key: 'accepted' | 'rejected') => ({
    label,
    points: report.trend.map((d, i) => ({ day: d.day, figure: figure(label, d[key], 'count', `trend[${i}].${key}`) })),
  });
  return { kind: 'bars', title: 'section.volumes', unit: 'count', series: [series('fig.accepted', 'accepted'), series('fig.rejected', 'rejected')] };
}

function trends(report: ComplianceReport): DayChart {
  const series = (label: string, key: 'firstPass' | 'dataQuality' | 'mds' | 'billingCodes') => ({
    label,
    points: report.trend.map((d, i) => ({ day: d.day, figure: rate(label, d[key], `trend[${i}].${key}`) })),
  });
  return { kind: 'lines', title: 'section.trend', unit: 'share', series: [series('fig.firstPass', 'firstPass'), series('fig.quality', 'dataQuality'), series('fig.mds', 'mds'), series('fig.billing', 'billingCodes')] };
}

function eventsTable(report: ComplianceReport): Table {
  return {
    kind: 'table',
    title: 'section.events',
    columns: ['col.event', 'fig.accepted', 'fig.rejected', 'fig.firstPass'],
    rows: report.volumes.byEvent.map((e, i) => [text(e.event), num(e.accepted, 'count', `volumes.byEvent[${i}].accepted`), num(e.rejected, 'count', `volumes.byEvent[${i}].rejected`), num(e.firstPass.rate, 'share', `volumes.byEvent[${i}].firstPass.rate`)]),
  };
}

function rejectionsTable(report: ComplianceReport, language: Language): Table {
  return {
    kind: 'table',
    title: 'section.rejections',
    columns: ['col.code', 'col.display', 'col.messages', 'col.share'],
    rows: report.rejections.topCodes.map((r, i) => [text(r.code.code), text(r.code.displays[language]), num(r.messages, 'count', `rejections.topCodes[${i}].messages`), num(r.share.rate, 'share', `rejections.topCodes[${i}].share.rate`)]),
  };
}

function turnaroundTable(report: ComplianceReport): Table {
  return {
    kind: 'table',
    title: 'section.turnaround',
    columns: ['col.payer', 'col.event', 'fig.answered', 'fig.p50', 'fig.p90', 'fig.p99', 'fig.inWindow'],
    rows: report.turnaround.rows.map((r, i) => {
      const at = `turnaround.rows[${i}]`;
      return [text(r.payer), text(r.event), num(r.answered, 'count', `${at}.answered`), num(r.p50, 'ms', `${at}.p50`), num(r.p90, 'ms', `${at}.p90`), num(r.p99, 'ms', `${at}.p99`), num(r.inWindow.rate, 'share', `${at}.inWindow.rate`)];
    }),
  };
}

function decisionsTable(report: ComplianceReport, language: Language): Table {
  return {
    kind: 'table',
    title: 'section.decisions',
    columns: ['col.payer', 'col.decided', 'fig.approvalRate', 'fig.rejectionRate', 'col.reasons'],
    rows: report.adjudication.payers.map((p, i) => {
      const at = `adjudication.payers[${i}]`;
      const reasons = p.reasons.map((r) => `${r.code.code} ${r.code.displays[language]} (${r.answers})`).join('; ');
      return [text(p.payer), num(p.decided, 'count', `${at}.decided`), num(p.approved.rate, 'share', `${at}.approved.rate`), num(p.rejected.rate, 'share', `${at}.rejected.rate`), text(reasons)];
    }),
  };
}

function backlog(report: ComplianceReport): Section {
  return {
    kind: 'figures',
    title: 'section.backlog',
    figures: [figure('fig.queued', report.backlog.queued, 'count', 'backlog.queued'), figure('fig.deadLetters', report.backlog.deadLetters, 'count', 'backlog.deadLetters')],
  };
}

function backlogTable(report: ComplianceReport): Table {
  return {
    kind: 'table',
    title: 'section.backlogByRecipient',
    columns: ['col.recipient', 'fig.queued', 'fig.oldest', 'fig.deadLetters'],
    rows: report.backlog.recipients.map((r, i) => {
      const at = `backlog.recipients[${i}]`;
      return [text(r.recipient), num(r.queued, 'count', `${at}.queued`), num(r.oldestAgeMs, 'ms', `${at}.oldestAgeMs`), num(r.deadLetters, 'count', `${at}.deadLetters`)];
    }),
  };
}

function riskTable(report: ComplianceReport, language: Language): Table {
  return {
    kind: 'table',
    title: 'section.risk',
    columns: ['col.family', 'col.display', 'col.count'],
    rows: report.risk.byFamily.map((f, i) => [text(f.family.code), text(f.family.displays[language]), num(f.count, 'count', `risk.byFamily[${i}].count`)]),
  };
}

function groupsTable(report: ComplianceReport): Table {
  return {
    kind: 'table',
    title: 'section.groups',
    columns: ['col.group', 'fig.accepted', 'fig.rejected', 'fig.firstPass', 'fig.mds', 'fig.quality', 'fig.p90'],
    rows: (report.groups ?? []).map((g, i) => {
      const at = `groups[${i}]`;
      return [text(g.key), num(g.accepted, 'count', `${at}.accepted`), num(g.rejected, 'count', `${at}.rejected`), num(g.firstPass.rate, 'share', `${at}.firstPass.rate`), num(g.mds.rate, 'share', `${at}.mds.rate`), num(g.dataQuality.rate, 'share', `${at}.dataQuality.rate`), num(g.turnaround.p90, 'ms', `${at}.turnaround.p90`)];
    }),
  };
}
