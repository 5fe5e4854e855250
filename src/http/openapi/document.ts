/**
 * The OpenAPI 3.1 description of the gateway (issue 10, item 4), built once at start.
 *
 * The routes carry no Fastify `schema` on purpose: bodies are read as raw bytes by the guarded
 * parser and delivered byte for byte, and a response schema would re-serialise answers. So the
 * document is written here, route by route, and served statically (@fastify/swagger `static`
 * mode). `test/http/docs.test.ts` fails when a registered route is missing from `paths`.
 *
 * The answer examples are not typed in: level-1 OperationOutcomes come from the code catalogue
 * through the same `operationOutcome` builder the error handler uses, and the level-2 and
 * `queued` answers from the response builders applied to `examples/eligibility-request-N-F-00001.json`.
 */
import type { CodeCatalogue } from '../../findings/catalogue.js';
import type { Finding } from '../../findings/finding.js';
import type { EventCatalogue } from '../../fhir/events.js';
import { LICENCE_SYSTEMS } from '../../fhir/identity.js';
import type { JsonObject } from '../../fhir/json.js';
import { readEnvelope } from '../../fhir/message.js';
import { errorResponse, operationOutcome, queuedResponse, unreachableResponse, type ResponseContext } from '../../fhir/responses.js';
import { adminPaths, PARTICIPANT_SCHEMAS } from './admin-paths.js';
import { dashboardPaths } from './dashboard-paths.js';
import { reportPaths } from './report-paths.js';

export interface OpenApiInput {
  readonly catalogue: CodeCatalogue;
  readonly events: EventCatalogue;
  readonly publicUrl: string;
  readonly fhirBase: string;
  readonly version: string;
  /** Request bodies shown as examples, read from `examples/` at start. */
  readonly examples: {
    readonly eligibilityRequest: JsonObject;
    readonly pollRequest: JsonObject;
    readonly subscription: JsonObject;
  };
}

const FHIR = 'application/fhir+json';
/** Fixed, so the document is the same from one start to the next. */
const EXAMPLE_TIME = new Date('2025-01-01T09:00:00.000Z');
const EXAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** One example per level-1 status (README, "What a submission gets back"), with the code that gives it. */
const LEVEL_1: readonly { status: string; code: string; diagnostics?: string; retryAfter?: true; also: string }[] = [
  { status: '400', code: 'GE-00013', diagnostics: 'the request body could not be read', also: 'GE-00006, BV-00130, BV-00126, IB-00250, DT-00032, DT-01295, WASL_ERR_TOO_DEEP, WASL_ERR_FORBIDDEN_KEY, WASL_ERR_BOM, WASL_ERR_INVALID_UTF8, WASL_ERR_DUPLICATE_KEY, WASL_ERR_NON_FINITE_NUMBER, WASL_ERR_ARRAY_TOO_LONG, WASL_ERR_TOO_MANY_KEYS, WASL_ERR_TOO_MANY_VALUES' },
  { status: '401', code: 'WASL_ERR_UNAUTHENTICATED', also: '(sent with WWW-Authenticate: Bearer)' },
  { status: '403', code: 'GE-00020', also: 'GE-00029, GE-00030, WASL_ERR_PARTICIPANT_BLOCKED, BV-00545, WASL_ERR_FORBIDDEN_ROLE' },
  { status: '404', code: 'GE-00015', also: 'WASL_ERR_NOT_FOUND (no such route), WASL_ERR_UNKNOWN_SUBSCRIPTION' },
  { status: '413', code: 'BV-00076', diagnostics: 'the body exceeds 10485760 bytes', also: 'WASL_ERR_BODY_TOO_LARGE (the /auth/token form, over 64 KB)' },
  { status: '415', code: 'WASL_ERR_MEDIA_TYPE', diagnostics: 'send application/fhir+json', also: '' },
  { status: '429', code: 'WASL_ERR_RATE_LIMITED', diagnostics: 'participant N-F-00001 is over its limit of 1200 requests per minute', retryAfter: true, also: '(with Retry-After)' },
  { status: '503', code: 'WASL_ERR_STORE_UNAVAILABLE', retryAfter: true, also: '(with Retry-After)' },
];

export function openApiDocument(input: OpenApiInput): JsonObject {
  const ctx: ResponseContext = {
    gateway: { licence: 'NPHIES', licenceSystem: LICENCE_SYSTEMS.gateway, baseUrl: input.publicUrl },
    catalogue: input.catalogue,
    language: 'en',
    now: EXAMPLE_TIME,
  };
  const outcome = (findings: readonly Finding[]): JsonObject => ({ ...operationOutcome(findings, ctx), id: EXAMPLE_ID });
  const level1 = Object.fromEntries(
    LEVEL_1.map((entry) => [
      entry.status,
      {
        description: `Level 1, not processable: a bare OperationOutcome, nothing stored. ${entry.code}${entry.also ? `; also ${entry.also}` : ''}.`,
        ...(entry.retryAfter ? { headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } } } : {}),
        content: { [FHIR]: { schema: { $ref: '#/components/schemas/OperationOutcome' }, examples: { [entry.code]: { value: outcome([{ code: entry.code, severity: 'error', ...(entry.diagnostics ? { diagnostics: entry.diagnostics } : {}) }]) } } } },
      },
    ]),
  );
  const pick = (...statuses: string[]) => Object.fromEntries(statuses.map((status) => [status, level1[status]]));

  const answers = messageAnswers(input, ctx);
  const bases = [...new Set(['', input.fhirBase])];
  const paths: Record<string, JsonObject> = {};
  const bearer = [{ bearer: [] }];
  const fhirBody = (examples: Record<string, JsonObject>, description: string) => ({
    required: true,
    description,
    content: { [FHIR]: { schema: { $ref: '#/components/schemas/Resource' }, examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { value }])) } },
  });
  const fhirOk = (description: string, examples?: Record<string, JsonObject>) => ({
    description,
    content: { [FHIR]: { schema: { $ref: '#/components/schemas/Resource' }, ...(examples ? { examples: Object.fromEntries(Object.entries(examples).map(([name, value]) => [name, { value }])) } : {}) } },
  });
  const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } }];

  for (const base of bases) {
    const tag = base === '' ? [] : [`under ${base}`];
    paths[`${base}/$process-message`] = {
      post: {
        operationId: `processMessage${suffix(base)}`,
        tags: ['Messages', ...tag],
        summary: 'Submit a FHIR message Bundle (the one operation of the exchange)',
        description:
          'A `Bundle` of type `message` whose first entry is a MessageHeader. Level 1 (not processable) answers a bare OperationOutcome with a 4xx/5xx; level 2 (processable but invalid) answers 200 with the event\'s response message listing every finding as an `adjudication-error` coding with the `extension-error-expression` FHIRPath; a valid message is queued for its receiver and answered with the payer\'s answer if it arrives inside the synchronous window, otherwise `queued` (or the gateway\'s own GE-00012 for real-time events). A `poll-request` addressed to the gateway fetches the caller\'s queue. Every answer carries the `queued-messages` meta tag while the caller\'s queue holds messages; `Accept-Language: ar` gives Arabic displays.',
        security: bearer,
        parameters: [{ $ref: '#/components/parameters/AcceptLanguage' }],
        requestBody: fhirBody({ 'eligibility-request': input.examples.eligibilityRequest, 'poll-request': input.examples.pollRequest }, 'A FHIR R4 message Bundle (application/fhir+json), at most 10 MB'),
        responses: {
          '200': fhirOk('Accepted (the payer\'s answer, `queued`, or GE-00012 for a real-time event), or level 2: the event\'s response message with `outcome = error` and the findings', answers),
          ...pick('400', '401', '403', '404', '413', '415', '429', '503'),
        },
      },
    };
    paths[`${base}/$validate`] = {
      post: {
        operationId: `validate${suffix(base)}`,
        tags: ['Messages', ...tag],
        summary: 'Validate a message without routing it (the providers\' sandbox)',
        security: bearer,
        parameters: [{ $ref: '#/components/parameters/AcceptLanguage' }],
        requestBody: fhirBody({ 'eligibility-request': input.examples.eligibilityRequest }, 'A FHIR R4 message Bundle'),
        responses: {
          '200': fhirOk('An OperationOutcome: every finding, or `WASL_OK` when there is none', {
            'no problems': outcome([{ code: 'WASL_OK', severity: 'information', diagnostics: 'no problems found' }]),
            findings: outcome(levelTwoFindings()),
          }),
          ...pick('400', '401', '403', '413', '415', '429', '503'),
        },
      },
    };
    paths[`${base}/metadata`] = {
      get: { operationId: `metadata${suffix(base)}`, tags: ['Discovery', ...tag], summary: 'The CapabilityStatement (FHIR R4 messaging, SMART Backend Services)', security: [], responses: { '200': fhirOk('CapabilityStatement') } },
    };
    paths[`${base}/Subscription`] = {
      post: {
        operationId: `createSubscription${suffix(base)}`,
        tags: ['Subscriptions', ...tag],
        summary: 'Subscribe a rest-hook to the caller\'s own queue (R4 Subscriptions Backport)',
        security: bearer,
        requestBody: fhirBody({ subscription: input.examples.subscription }, 'A Subscription on `<WASL_PUBLIC_URL>/SubscriptionTopic/queued-messages`'),
        responses: {
          '201': { ...fhirOk('The stored Subscription'), headers: { Location: { schema: { type: 'string' } } } },
          '422': problem('WASL_ERR_SUBSCRIPTION_INVALID, WASL_ERR_SUBSCRIPTION_ENDPOINT_DENIED or WASL_ERR_SUBSCRIPTION_HEADER_DENIED'),
          ...pick('400', '401', '415', '429', '503'),
          '403': problem('WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE (another participant\'s queue), GE-00029/GE-00030 blocked'),
        },
      },
      get: { operationId: `listSubscriptions${suffix(base)}`, tags: ['Subscriptions', ...tag], summary: 'The caller\'s subscriptions (a searchset Bundle)', security: bearer, responses: { '200': fhirOk('searchset Bundle'), ...pick('401', '403', '429', '503') } },
    };
    paths[`${base}/Subscription/{id}`] = {
      get: { operationId: `readSubscription${suffix(base)}`, tags: ['Subscriptions', ...tag], summary: 'One of the caller\'s subscriptions', security: bearer, parameters: idParam, responses: { '200': fhirOk('Subscription'), '404': problem('WASL_ERR_UNKNOWN_SUBSCRIPTION (also for another participant\'s)'), ...pick('401', '403', '429', '503') } },
      delete: { operationId: `deleteSubscription${suffix(base)}`, tags: ['Subscriptions', ...tag], summary: 'Delete one of the caller\'s subscriptions', security: bearer, parameters: idParam, responses: { '204': { description: 'Deleted' }, '404': problem('WASL_ERR_UNKNOWN_SUBSCRIPTION'), ...pick('401', '403', '429', '503') } },
    };
    paths[`${base}/Subscription/{id}/$status`] = {
      get: { operationId: `subscriptionStatus${suffix(base)}`, tags: ['Subscriptions', ...tag], summary: 'The backport `$status` of one of the caller\'s subscriptions', security: bearer, parameters: idParam, responses: { '200': fhirOk('searchset Bundle holding a SubscriptionStatus'), '404': problem('WASL_ERR_UNKNOWN_SUBSCRIPTION'), ...pick('401', '403', '429', '503') } },
    };
  }

  paths['/auth/token'] = {
    post: {
      operationId: 'token',
      tags: ['Security'],
      summary: 'SMART Backend Services token (client_credentials with a private_key_jwt assertion)',
      security: [],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: {
              type: 'object',
              required: ['grant_type', 'client_assertion_type', 'client_assertion'],
              properties: {
                grant_type: { const: 'client_credentials' },
                client_assertion_type: { const: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' },
                client_assertion: { type: 'string', description: `A JWT signed with the participant's registered key, audience ${input.publicUrl}/auth/token, living at most 5 minutes` },
                scope: { type: 'string' },
              },
            },
          },
        },
      },
      responses: {
        '200': { description: 'An access token for 300 s', content: { 'application/json': { example: { access_token: 'eyJ…', token_type: 'bearer', expires_in: 300, scope: 'system/*.write' } } } },
        '400': oauth('invalid_grant', 'WASL_ERR_INVALID_GRANT'),
        '401': oauth('invalid_client', 'WASL_ERR_INVALID_CLIENT'),
        '413': level1['413'] as JsonObject,
        '415': level1['415'] as JsonObject,
        '429': { ...oauth('temporarily_unavailable', 'WASL_ERR_RATE_LIMITED'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
      },
    },
  };
  paths['/.well-known/smart-configuration'] = { get: { operationId: 'smartConfiguration', tags: ['Discovery'], summary: 'SMART configuration (token endpoint, signing algorithms)', security: [], responses: { '200': { description: 'SMART configuration', content: { 'application/json': {} } } } } };
  paths['/.well-known/jwks.json'] = { get: { operationId: 'jwks', tags: ['Discovery'], summary: 'The gateway\'s public signing keys', security: [], responses: { '200': { description: 'JWK Set', content: { 'application/jwk-set+json': {} } } } } };
  paths['/healthz'] = { get: { operationId: 'healthz', tags: ['Operations'], summary: 'The process is up', security: [], responses: { '200': { description: 'Up', content: { 'application/json': { example: { status: 'ok' } } } } } } };
  paths['/readyz'] = {
    get: {
      operationId: 'readyz', tags: ['Operations'], summary: 'The gateway can take messages (the store answers)', security: [],
      responses: { '200': { description: 'Ready', content: { 'application/json': { example: { status: 'ready', store: 'ok' } } } }, '503': { description: 'The store does not answer', content: { 'application/json': { example: { status: 'unavailable', store: 'unavailable' } } } } },
    },
  };
  paths['/metrics'] = {
    get: {
      operationId: 'metrics', tags: ['Operations'], summary: 'Prometheus metrics: an admin or regulator access token, or the WASL_METRICS_TOKEN secret', security: [{ bearer: [] }, { metricsSecret: [] }],
      responses: { '200': { description: 'Prometheus text exposition', content: { 'text/plain': {} } }, '401': level1['401'] as JsonObject, '403': problem('WASL_ERR_FORBIDDEN_ROLE (a provider\'s or payer\'s token), GE-00029/GE-00030 blocked'), ...pick('429', '503') },
    },
  };
  const bundleParam = [{ name: 'bundleId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } }];
  paths['/messages/{bundleId}'] = {
    get: {
      operationId: 'archivedMessage',
      tags: ['Messages'],
      summary: 'A message the caller sent or received, byte-exact, with the gateway\'s signature (x-jws-signature), while the archive keeps it',
      security: bearer,
      parameters: bundleParam,
      responses: { '200': fhirOk('The message Bundle exactly as received'), '404': problem('WASL_ERR_UNKNOWN_MESSAGE (also for another participant\'s message, or a pruned body)'), ...pick('401', '429', '503') },
    },
  };
  paths['/audit/checkpoint'] = {
    get: { operationId: 'auditCheckpoint', tags: ['Audit'], summary: 'The latest signed head of the ledger (compact JWS, typ wasl-checkpoint+jwt: seq, head hash, Merkle root)', security: [], responses: { '200': { description: 'Checkpoint', content: { 'application/json': {} } }, '503': problem('WASL_ERR_AUDIT_CHAIN_BROKEN') } },
  };
  paths['/audit/consistency'] = {
    get: {
      operationId: 'auditConsistency',
      tags: ['Audit'],
      summary: 'A consistency proof from an earlier tree size to the latest checkpoint',
      security: [],
      parameters: [{ name: 'from', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }],
      responses: { '200': { description: 'Consistency proof', content: { 'application/json': {} } }, '400': problem('WASL_ERR_AUDIT_BAD_SIZE'), '503': problem('WASL_ERR_AUDIT_CHAIN_BROKEN') },
    },
  };
  paths['/audit/proof/{bundleId}'] = {
    get: {
      operationId: 'auditProof',
      tags: ['Audit'],
      summary: 'The ledger entries about one of the caller\'s messages, each with its Merkle inclusion proof against the latest checkpoint',
      security: bearer,
      parameters: bundleParam,
      responses: { '200': { description: 'Entries and proofs', content: { 'application/json': {} } }, '404': problem('WASL_ERR_AUDIT_UNKNOWN_BUNDLE (also for another participant\'s message)'), ...pick('401', '429', '503') },
    },
  };
  Object.assign(paths, adminPaths());
  Object.assign(paths, dashboardPaths());
  Object.assign(paths, reportPaths());
  paths['/openapi.json'] = { get: { operationId: 'openapi', tags: ['Discovery'], summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } };
  paths['/docs'] = { get: { operationId: 'docs', tags: ['Discovery'], summary: 'This document, rendered (Swagger UI)', security: [], responses: { '200': { description: 'HTML', content: { 'text/html': {} } } } } };

  return {
    openapi: '3.1.0',
    info: {
      title: 'Wasl claims exchange gateway',
      version: input.version,
      description:
        'An NPHIES-style FHIR R4 claims exchange hub. Get a token at `POST /auth/token` (SMART Backend Services), then send message Bundles to `POST /$process-message`. Level 1 answers (not processable) are a bare OperationOutcome with an HTTP error status; level 2 answers (processable but invalid) are 200 with the event\'s response message listing every finding with its official code and FHIRPath. Any unknown route or method answers 404 `WASL_ERR_NOT_FOUND`.',
    },
    servers: [{ url: input.publicUrl }],
    security: [{ bearer: [] }],
    tags: [{ name: 'Messages' }, { name: 'Subscriptions' }, { name: 'Security' }, { name: 'Discovery' }, { name: 'Operations' }, { name: 'Admin' }, { name: 'Reports' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /auth/token (300 s)' },
        metricsSecret: { type: 'http', scheme: 'bearer', description: 'GET /metrics only: the static WASL_METRICS_TOKEN secret' },
      },
      parameters: {
        AcceptLanguage: { name: 'Accept-Language', in: 'header', required: false, description: '`ar` for Arabic displays; English otherwise', schema: { type: 'string', examples: ['en', 'ar'] } },
      },
      schemas: {
        Resource: { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } }, additionalProperties: true, description: 'A FHIR R4 resource (validated by the gateway against FHIR R4 and the NPHIES profiles, not by this schema)' },
        OperationOutcome: { type: 'object', required: ['resourceType', 'issue'], properties: { resourceType: { const: 'OperationOutcome' }, issue: { type: 'array', items: { type: 'object' } } }, additionalProperties: true },
        ...PARTICIPANT_SCHEMAS,
      },
    },
  };
}

/** The 200 answers of `$process-message`, built from the eligibility example by the gateway's own builders. */
function messageAnswers(input: OpenApiInput, ctx: ResponseContext): Record<string, JsonObject> {
  const read = readEnvelope(input.examples.eligibilityRequest);
  const event = input.events.get('eligibility-request');
  const claim = input.events.get('claim-request');
  if (!read.ok || !event || !claim) throw new Error('examples/eligibility-request-N-F-00001.json is not an eligibility-request message');
  return {
    'level 2: processable but invalid': errorResponse(read.envelope, event, levelTwoFindings(), ctx),
    'accepted, queued (deferred events: prior authorization, claim, batch, communication)': queuedResponse(read.envelope, claim, ctx),
    'accepted, payer silent (real-time events: GE-00012 made by the gateway)': unreachableResponse(read.envelope, event, ctx),
  };
}

function levelTwoFindings(): Finding[] {
  return [
    { code: 'BV-00871', severity: 'error', expression: 'Bundle.entry[6].resource.type[0].coding[0].system', diagnostics: 'Location.type must use http://terminology.hl7.org/CodeSystem/v3-RoleCode' },
  ];
}

function problem(description: string): JsonObject {
  return { description, content: { [FHIR]: { schema: { $ref: '#/components/schemas/OperationOutcome' } } } };
}

function oauth(error: string, code: string): JsonObject {
  return { description: `OAuth 2.0 error ${error}, with Wasl's code ${code}`, content: { 'application/json': { example: { error, error_description: '…', code } } } };
}

function suffix(base: string): string {
  return base === '' ? '' : base.replace(/[^A-Za-z0-9]/g, '_');
}
