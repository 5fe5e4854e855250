/**
 * The report endpoints (issue 15, items 2 and 3; SPEC section 9), authenticated by bearer token:
 *
 * - `GET /reports/compliance?from=&to=&groupBy=provider|payer|event&format=json|csv` (and `html`
 *   when a renderer is given): the sector's figures, for the `regulator` role only (any other role:
 *   403 WASL_ERR_FORBIDDEN_ROLE).
 * - `GET /reports/mine?from=&to=&groupBy=&format=`: the same figures about the caller only: the
 *   exchanges it sent or was sent, and its own queue.
 *
 * A bad query is one 400 OperationOutcome listing every WASL_ERR_REPORT_QUERY problem. Before
 * reading, the report projection catches up with the ledger (`refresh`), so a report includes every
 * message committed before it was asked, on whichever instance it is asked.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotProcessable, notProcessable } from '../../findings/not-processable.js';
import { buildComplianceReport } from '../../reports/build-report.js';
import { reportCsv } from '../../reports/report-csv.js';
import { parseReportQuery, type RawReportQuery } from '../../reports/report-query.js';
import type { ComplianceReport, ReportFormat, ReportScope, ReportSource } from '../../reports/report-types.js';
import { bearerAuthentication, type AccessTokenVerifier } from '../auth.js';
import { preferredLanguage } from '../language.js';

export const COMPLIANCE_REPORT_PATH = '/reports/compliance';
export const MY_REPORT_PATH = '/reports/mine';

export interface ReportsPluginOptions {
  readonly source: ReportSource;
  /** Brings the report projection up to the ledger head before a report is read. */
  readonly refresh: () => Promise<void>;
  /** The HTML view (item 4); left out, `format=html` is a 400. */
  readonly renderHtml?: (report: ComplianceReport) => string;
  readonly verifier: AccessTokenVerifier;
}

type ReportRequest = FastifyRequest<{ Querystring: RawReportQuery }>;

export async function reportsPlugin(app: FastifyInstance, options: ReportsPluginOptions): Promise<void> {
  const formats: ReportFormat[] = options.renderHtml ? ['json', 'csv', 'html'] : ['json', 'csv'];
  app.addHook('onRequest', bearerAuthentication(options.verifier));

  const answer = async (request: ReportRequest, reply: FastifyReply, scope: ReportScope): Promise<FastifyReply> => {
    const parsed = parseReportQuery(request.query, preferredLanguage(request.headers['accept-language']), formats);
    if (!parsed.ok) throw new NotProcessable(parsed.findings);
    await options.refresh();
    const report = await buildComplianceReport(options.source, parsed.query, scope);
    reply.header('cache-control', 'no-store');
    switch (parsed.format) {
      case 'csv':
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="wasl-report-${parsed.query.from}-${parsed.query.to}.csv"`)
          .send(reportCsv(report));
      case 'html':
        return reply.type('text/html; charset=utf-8').send(options.renderHtml?.(report));
      default:
        return reply.type('application/json').send(report);
    }
  };

  app.get(COMPLIANCE_REPORT_PATH, async (request: ReportRequest, reply) => {
    if (request.participant?.role !== 'regulator') throw notProcessable('WASL_ERR_FORBIDDEN_ROLE', undefined, `${COMPLIANCE_REPORT_PATH} is for the regulator role`);
    return answer(request, reply, { kind: 'sector' });
  });

  app.get(MY_REPORT_PATH, async (request: ReportRequest, reply) => {
    const licence = request.participant?.licence as string;
    return answer(request, reply, { kind: 'participant', licence });
  });
}
