/**
 * `GET /reports/dashboard` and `GET /reports/dashboard/view` (issue 15, item 4).
 *
 * The page is public and holds no figure: browsers cannot send a bearer header on navigation, and
 * a token in a query string (`?access_token=`) would land in access logs, proxies and history. So
 * the page is a static shell whose inline script sends the token (typed in, or passed in the URL
 * fragment, which never leaves the browser) to `/reports/dashboard/view` in the Authorization
 * header. The view is authenticated like every other route and renders the caller's report on the
 * server (SVG charts, both calendars) with the same builder as the JSON routes:
 *   - `regulator`: the sector's report (what `GET /reports/compliance` returns);
 *   - `provider`, `payer`: its own figures only (what `GET /reports/mine` returns);
 *   - `admin`: 403 WASL_ERR_FORBIDDEN_ROLE (it runs the hub, it does not read its traffic).
 *
 * Security headers are helmet's, inside this plugin only, with a CSP that allows nothing but this
 * origin's fetches and the page's own inline script and style, by a nonce made per request.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotProcessable, notProcessable } from '../../findings/not-processable.js';
import { buildComplianceReport } from '../../reports/build-report.js';
import { parseReportQuery } from '../../reports/report-query.js';
import { REPORT_GROUP_BYS, type ReportScope, type ReportSource } from '../../reports/report-types.js';
import { dashboardView } from '../../reports/dashboard/from-report.js';
import type { DashboardLabels, Language } from '../../reports/dashboard/labels.js';
import { dayOrUndefined, defaultPeriod } from '../../reports/dashboard/period.js';
import { renderReportBody } from '../../reports/dashboard/render-html.js';
import { DASHBOARD_PATH, DASHBOARD_VIEW_PATH, dashboardShell } from '../../reports/dashboard/shell-page.js';
import { bearerAuthentication, type AccessTokenVerifier } from '../auth.js';
import { preferredLanguage } from '../language.js';

export interface ReportsDashboardOptions {
  readonly verifier: AccessTokenVerifier;
  readonly labels: DashboardLabels;
  /** What the JSON routes build their reports from (the same source, so the same numbers). */
  readonly source: ReportSource;
  /** Brings the report projection up to the ledger head, as before a JSON report. */
  readonly refresh: () => Promise<void>;
  readonly now?: () => number;
}

interface DashboardQuery {
  readonly lang?: string;
  readonly from?: string;
  readonly to?: string;
  readonly groupBy?: string;
}

type DashboardRequest = FastifyRequest<{ Querystring: DashboardQuery }>;

/** `?lang=ar|en` first, then Accept-Language, as the FHIR answers choose their displays. */
export function dashboardLanguage(request: DashboardRequest): Language {
  const asked = request.query.lang;
  return asked === 'ar' || asked === 'en' ? asked : preferredLanguage(request.headers['accept-language']);
}

const DASHBOARD_HEADERS = {
  enableCSPNonces: true,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      baseUri: ["'none'"],
      // helmet appends the request's nonce to these two: the page's one script and one stylesheet.
      scriptSrc: ["'strict-dynamic'"],
      styleSrc: ["'self'"],
      connectSrc: ["'self'"],
      imgSrc: ["'self'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
    },
  },
  frameguard: { action: 'deny' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
};

export async function reportsDashboardPlugin(app: FastifyInstance, options: ReportsDashboardOptions): Promise<void> {
  const now = options.now ?? Date.now;
  await app.register(helmet, DASHBOARD_HEADERS);

  app.get(DASHBOARD_PATH, async (request: DashboardRequest, reply) => {
    const period = defaultPeriod(now());
    const nonce = reply.cspNonce as { script: string; style: string };
    const groupBy = REPORT_GROUP_BYS.find((g) => g === request.query.groupBy);
    const page = dashboardShell({
      labels: options.labels,
      language: dashboardLanguage(request),
      nonce,
      from: dayOrUndefined(request.query.from) ?? period.from,
      to: dayOrUndefined(request.query.to) ?? period.to,
      groupBy,
    });
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
  });

  await app.register(async (view) => {
    view.addHook('onRequest', bearerAuthentication(options.verifier));
    view.get(DASHBOARD_VIEW_PATH, async (request: DashboardRequest, reply) => {
      const scope = scopeOf(request);
      const language = dashboardLanguage(request);
      // The JSON routes' own query rules (days, at most 366 of them, groupBy): the same 400 for the same mistake.
      const parsed = parseReportQuery({ from: request.query.from, to: request.query.to, groupBy: request.query.groupBy }, language, ['json']);
      if (!parsed.ok) throw new NotProcessable(parsed.findings);
      await options.refresh();
      const report = await buildComplianceReport(options.source, parsed.query, scope);
      const body = renderReportBody(dashboardView(report, language), { labels: options.labels, language });
      return reply.header('cache-control', 'no-store').header('content-language', language).type('text/html; charset=utf-8').send(body);
    });
  });
}

function scopeOf(request: FastifyRequest): ReportScope {
  const participant = request.participant;
  if (!participant) throw notProcessable('WASL_ERR_UNAUTHENTICATED');
  if (participant.role === 'regulator') return { kind: 'sector' };
  if (participant.role === 'provider' || participant.role === 'payer') return { kind: 'participant', licence: participant.licence };
  throw notProcessable('WASL_ERR_FORBIDDEN_ROLE', undefined, `${DASHBOARD_VIEW_PATH} is for the regulator, providers and payers`);
}
