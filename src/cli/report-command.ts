/**
 * `wasl report --from DAY --to DAY [--format html|csv|json] [--out FILE] [--lang en|ar]
 * [--group-by provider|payer|event] [--participant LICENCE]` (issue 15, item 4): the compliance
 * report rendered offline from the store a gateway of this configuration uses (beside it while it
 * runs, or with none running), with the builder the HTTP routes use, so the file holds the same
 * numbers as `GET /reports/compliance` (or, with `--participant`, `GET /reports/mine`).
 *
 * The report projection normally follows the ledger inside the gateway; offline it may be behind
 * (the gateway stopped before folding the last entries, or never ran since an upgrade), so the
 * command first brings it to the ledger's head, page by page, with a progress bar on stderr. The
 * fold is cursor-guarded: run beside a live gateway, each page is applied once, by whichever
 * process gets there first.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ProgressBar } from '../audit/progress-bar.js';
import type { GatewayConfig } from '../config.js';
import { CodeCatalogue, type Language } from '../findings/catalogue.js';
import { LedgerReader } from '../ledger/reader.js';
import { REPORT_COUNTS, reportCountsProjection } from '../ledger/report-counts.js';
import { loadSbsSystems } from '../reports/billing-codes.js';
import { buildComplianceReport } from '../reports/build-report.js';
import { DashboardLabels } from '../reports/dashboard/labels.js';
import { reportPage } from '../reports/dashboard/report-page.js';
import { loadReportDisplays } from '../reports/displays.js';
import { reportCsv } from '../reports/report-csv.js';
import { parseReportQuery } from '../reports/report-query.js';
import type { ComplianceReport, ReportFormat, ReportQuery, ReportScope } from '../reports/report-types.js';
import { openGatewayStore } from '../store/open-offline.js';
import { openProjections } from '../store/open-projections.js';
import type { LedgerStore } from '../store/ports.js';
import type { ProjectionStore } from '../store/projection-port.js';

interface ReportFlags {
  from?: string;
  to?: string;
  format?: string;
  out?: string;
  lang?: string;
  groupBy?: string;
  participant?: string;
}

export function registerReportCommand(program: Command, config: () => GatewayConfig): Command {
  return program
    .command('report')
    .description('the compliance report for a period, rendered offline from the store (html, csv or json)')
    .requiredOption('--from <day>', 'first UTC day, YYYY-MM-DD (included)')
    .requiredOption('--to <day>', 'last UTC day, YYYY-MM-DD (included)')
    .option('--format <format>', 'html | csv | json', 'html')
    .option('--out <file>', 'write the report there (default: stdout)')
    .option('--lang <language>', 'en | ar: labels, code displays and calendars', 'en')
    .option('--group-by <group>', 'provider | payer | event: one row per group as well')
    .option('--participant <licence>', "one participant's own figures (what it sees at /reports/mine) instead of the sector's")
    .action(async (flags: ReportFlags) => {
      const language: Language | undefined = flags.lang === 'ar' || flags.lang === 'en' ? flags.lang : undefined;
      const parsed = parseReportQuery({ from: flags.from, to: flags.to, groupBy: flags.groupBy, format: flags.format }, language ?? 'en');
      if (!language || !parsed.ok) {
        const problems = parsed.ok ? [] : parsed.findings.map((f) => `${f.code} ${f.expression ?? ''}: ${f.diagnostics ?? ''}`);
        if (!language) problems.push(`--lang must be en or ar, not "${flags.lang}"`);
        process.stderr.write(`wasl report: ${problems.join('; ')}\n`);
        process.exitCode = 2;
        return;
      }
      const scope: ReportScope = flags.participant ? { kind: 'participant', licence: flags.participant } : { kind: 'sector' };
      const report = await offlineReport(config(), parsed.query, scope);
      const text = renderReport(report, parsed.format, language);
      if (flags.out) {
        await writeFile(flags.out, text);
        process.stderr.write(`wasl report: ${parsed.format} written to ${flags.out} (${report.totals.accepted} accepted, ${report.totals.rejected} rejected, ${report.period.days.length} days)\n`);
      } else {
        process.stdout.write(text);
      }
    });
}

/** One report in one of the three formats; HTML is the dashboard's rendering, as a standalone page. */
export function renderReport(report: ComplianceReport, format: ReportFormat, language: Language): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return reportCsv(report);
  return reportPage(DashboardLabels.load())(report, language);
}

async function offlineReport(config: GatewayConfig, query: ReportQuery, scope: ReportScope): Promise<ComplianceReport> {
  const store = await openGatewayStore(config);
  const projections = await openProjections(config);
  try {
    await catchUp(store, projections);
    const catalogue = CodeCatalogue.load(config.schemasDir);
    return await buildComplianceReport(
      {
        projections,
        queue: store,
        displays: loadReportDisplays(config.schemasDir, catalogue),
        syncWindowMs: config.syncWindowMs,
        sbsSystems: [...loadSbsSystems(config.schemasDir)],
      },
      query,
      scope,
    );
  } finally {
    await projections.close();
    await store.close();
  }
}

/** Folds the ledger entries the report projection has not seen yet, drawing the bar as it goes. */
async function catchUp(ledger: Pick<LedgerStore, 'ledgerHead' | 'readLedger'>, projections: ProjectionStore): Promise<void> {
  const reader = new LedgerReader({ ledger, projections, projection: reportCountsProjection });
  const start = await projections.cursor(REPORT_COUNTS);
  const head = (await ledger.ledgerHead()).seq;
  const bar = new ProgressBar(process.stderr, 'folding the ledger into the report counters');
  try {
    for (;;) {
      const page = await reader.step();
      bar.update(page.cursor - start, head - start);
      if (page.read === 0 || page.cursor >= head) return;
    }
  } finally {
    bar.done();
  }
}
