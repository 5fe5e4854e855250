/**
 * OpenAPI paths of the compliance reports (issue 15, items 2 and 3; plugins/reports.ts): the
 * regulator's sector report and a participant's own, as JSON (the ComplianceReport type,
 * src/reports/report-types.ts) or as CSV in one long table (src/reports/report-csv.ts).
 */
import type { JsonObject } from '../../fhir/json.js';

function outcome(description: string): JsonObject {
  return { description, content: { 'application/fhir+json': { schema: { $ref: '#/components/schemas/OperationOutcome' } } } };
}

const PARAMETERS: JsonObject[] = [
  { name: 'from', in: 'query', required: true, description: 'First UTC day, included', schema: { type: 'string', format: 'date' } },
  { name: 'to', in: 'query', required: true, description: 'Last UTC day, included (at most 366 days after from)', schema: { type: 'string', format: 'date' } },
  { name: 'groupBy', in: 'query', required: false, description: 'Adds `groups`: the headline figures per provider, payer or event', schema: { enum: ['provider', 'payer', 'event'] } },
  { name: 'format', in: 'query', required: false, description: 'json (default), csv (`section,day,group,code,metric,value`), or html where the dashboard is served', schema: { enum: ['json', 'csv', 'html'] } },
  { $ref: '#/components/parameters/AcceptLanguage' },
];

function reportResponses(forbidden: string): JsonObject {
  return {
    '200': {
      description: 'The ComplianceReport (volumes, rejection codes, MDS, billing codes, data quality, turnaround, adjudication, backlog, risk, groups, per-day trend)',
      content: { 'application/json': {}, 'text/csv': {}, 'text/html': {} },
    },
    '400': outcome('WASL_ERR_REPORT_QUERY, one issue per bad parameter'),
    '401': outcome('WASL_ERR_UNAUTHENTICATED'),
    '403': outcome(forbidden),
  };
}

export function reportPaths(): Record<string, JsonObject> {
  return {
    '/reports/compliance': {
      get: {
        operationId: 'complianceReport',
        tags: ['Reports'],
        summary: "The sector's compliance report over a period, from the ledger's projections (regulator role only)",
        security: [{ bearer: [] }],
        parameters: PARAMETERS,
        responses: reportResponses('WASL_ERR_FORBIDDEN_ROLE (any role but regulator)'),
      },
    },
    '/reports/mine': {
      get: {
        operationId: 'myReport',
        tags: ['Reports'],
        summary: "The same figures about the caller only: the exchanges it sent or was sent, and its own queue",
        security: [{ bearer: [] }],
        parameters: PARAMETERS,
        responses: reportResponses('GE-00029/GE-00030 (a blocked participant)'),
      },
    },
  };
}
