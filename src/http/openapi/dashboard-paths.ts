/**
 * The dashboard's part of the OpenAPI document (http/plugins/reports-dashboard.ts, issue 15 item 4):
 * the public page and the authenticated view it fetches.
 */
import type { JsonObject } from '../../fhir/json.js';
import { DASHBOARD_PATH, DASHBOARD_VIEW_PATH } from '../../reports/dashboard/shell-page.js';

const FHIR = 'application/fhir+json';
const HTML = 'text/html';

const day = (name: string, required: boolean, what: string): JsonObject => ({ name, in: 'query', required, description: what, schema: { type: 'string', format: 'date' } });
const lang: JsonObject = { name: 'lang', in: 'query', required: false, description: 'ar (right to left) or en; otherwise Accept-Language', schema: { enum: ['ar', 'en'] } };
const groupBy: JsonObject = { name: 'groupBy', in: 'query', required: false, schema: { enum: ['provider', 'payer', 'event'] } };

function outcome(description: string): JsonObject {
  return { description, content: { [FHIR]: { schema: { $ref: '#/components/schemas/OperationOutcome' } } } };
}

export function dashboardPaths(): Record<string, JsonObject> {
  return {
    [DASHBOARD_PATH]: {
      get: {
        operationId: 'dashboard',
        tags: ['Reports'],
        summary: 'The report dashboard: a public page holding no figure; its script sends the token typed in (or given as #token=…) to the view below',
        security: [],
        parameters: [lang, day('from', false, 'first UTC day shown in the form (default: 29 days ago)'), day('to', false, 'last UTC day (default: today)'), groupBy],
        responses: { '200': { description: 'HTML, with a per-request CSP nonce for its inline script and style', content: { [HTML]: {} } } },
      },
    },
    [DASHBOARD_VIEW_PATH]: {
      get: {
        operationId: 'dashboardView',
        tags: ['Reports'],
        summary: "The caller's report as an HTML fragment with SVG charts: the sector's for the regulator role, a provider's or payer's own figures otherwise",
        security: [{ bearer: [] }],
        parameters: [lang, day('from', true, 'first UTC day (included)'), day('to', true, 'last UTC day (included), at most 366 days after from'), groupBy],
        responses: {
          '200': { description: 'The report body (no script), every number with data-path and data-value', content: { [HTML]: {} } },
          '400': outcome('WASL_ERR_REPORT_QUERY: the parameter is the expression'),
          '401': outcome('WASL_ERR_UNAUTHENTICATED'),
          '403': outcome('WASL_ERR_FORBIDDEN_ROLE (an admin token), GE-00029/GE-00030 blocked'),
          '429': outcome('WASL_ERR_RATE_LIMITED'),
          '503': outcome('WASL_ERR_STORE_UNAVAILABLE'),
        },
      },
    },
  };
}
