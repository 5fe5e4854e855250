/**
 * The admin API's part of the OpenAPI document (http/plugins/admin.ts): its paths and the JSON
 * schema of a participant record. The schema documents what security/participants/parse.ts
 * enforces; parse.ts stays the one validator (it also names the faulty field in the answer).
 */
import type { JsonObject } from '../../fhir/json.js';
import { ADMIN_PARTICIPANTS_PATH } from '../plugins/admin.js';

const JSON_TYPE = 'application/json';
const FHIR = 'application/fhir+json';

const FINGERPRINT = { type: 'string', pattern: '^([0-9A-F]{2}:){31}[0-9A-F]{2}$', description: 'SHA-256 fingerprint, upper-case hex pairs joined by ":"' };

export const PARTICIPANT_SCHEMAS: Record<string, JsonObject> = {
  Participant: {
    type: 'object',
    required: ['licence', 'role', 'displayName', 'credentials'],
    properties: {
      licence: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
      licenceSystem: { type: 'string', format: 'uri', description: "Must be the role's licence system (default on create: that system)" },
      role: { enum: ['provider', 'payer', 'regulator', 'admin'] },
      displayName: { type: 'string', minLength: 1 },
      status: { enum: ['active', 'blocked'], description: 'Default on create: active. Changed only by $block and $unblock' },
      credentials: {
        type: 'object',
        description: 'At least one of certificateSha256 and publicJwk',
        properties: {
          certificateSha256: FINGERPRINT,
          publicJwk: { $ref: '#/components/schemas/PublicJwk' },
          revokedCertificates: { type: 'array', items: FINGERPRINT },
        },
      },
      delivery: {
        description: 'Default on create: poll',
        oneOf: [
          { type: 'object', required: ['mode'], properties: { mode: { const: 'poll' } } },
          { type: 'object', required: ['mode', 'endpoint'], properties: { mode: { const: 'push' }, endpoint: { type: 'string', format: 'uri', description: 'Absolute http(s) URL' }, serverCertificateSha256: FINGERPRINT } },
        ],
      },
      limits: { type: 'object', properties: { requestsPerMinute: { type: 'integer', minimum: 1 } } },
      policy: { type: 'object', properties: { requireSignedMessages: { type: 'boolean' }, authentication: { enum: ['mtls', 'token', 'either'] } } },
    },
  },
  PublicJwk: {
    type: 'object',
    description: 'EC P-384 (ES384) or RSA of at least 2048 bits (RS384); private members (d, p, q, dp, dq, qi, oth, k) are refused',
    required: ['kty'],
    properties: { kty: { enum: ['EC', 'RSA'] }, crv: { const: 'P-384' }, x: { type: 'string' }, y: { type: 'string' }, n: { type: 'string' }, e: { type: 'string' }, kid: { type: 'string' }, use: { const: 'sig' }, alg: { enum: ['ES384', 'RS384'] } },
  },
  ParticipantPatch: {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    description: 'Fields replaced as a whole; licence, licenceSystem and role never change; status only through $block and $unblock',
    properties: {
      displayName: { type: 'string', minLength: 1 },
      credentials: { $ref: '#/components/schemas/Participant/properties/credentials' },
      delivery: { $ref: '#/components/schemas/Participant/properties/delivery' },
      limits: { $ref: '#/components/schemas/Participant/properties/limits' },
      policy: { $ref: '#/components/schemas/Participant/properties/policy' },
    },
  },
};

export function adminPaths(): Record<string, JsonObject> {
  const security = [{ bearer: [] }];
  const licence = [{ name: 'licence', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } }];
  const one = (description: string) => ({ description, headers: CHANGE_HEADERS, content: { [JSON_TYPE]: { schema: { $ref: '#/components/schemas/Participant' } } } });
  const refused = {
    '401': outcome('WASL_ERR_UNAUTHENTICATED'),
    '403': outcome('WASL_ERR_FORBIDDEN_ROLE (a provider, payer or regulator token), WASL_ERR_PARTICIPANT_BLOCKED'),
    '429': outcome('WASL_ERR_RATE_LIMITED'),
    '503': outcome('WASL_ERR_STORE_UNAVAILABLE'),
  };
  const invalid = { '400': outcome('GE-00013 and the JSON guard codes: the body is not readable JSON'), '422': outcome('WASL_ERR_INVALID_PARTICIPANT: the expression names the faulty field'), '415': outcome('WASL_ERR_MEDIA_TYPE') };
  const unknown = { '404': outcome('WASL_ERR_UNKNOWN_PARTICIPANT') };
  const operation = (what: string, id: string) => ({ operationId: id, tags: ['Admin'], summary: what, security, parameters: licence, responses: { '200': one('The participant after the change'), ...unknown, ...refused } });
  return {
    [ADMIN_PARTICIPANTS_PATH]: {
      get: { operationId: 'listParticipants', tags: ['Admin'], summary: 'Every registered participant (admin role)', security, responses: { '200': { description: 'The registry', content: { [JSON_TYPE]: { schema: { type: 'object', properties: { participants: { type: 'array', items: { $ref: '#/components/schemas/Participant' } } } } } } }, ...refused } },
      post: {
        operationId: 'addParticipant',
        tags: ['Admin'],
        summary: 'Onboard a participant: validated, recorded in the ledger, in effect on every instance at once',
        security,
        requestBody: { required: true, content: { [JSON_TYPE]: { schema: { $ref: '#/components/schemas/Participant' } } } },
        responses: { '201': { ...one('The registered participant'), headers: { ...CHANGE_HEADERS, Location: { schema: { type: 'string' } } } }, '409': outcome('WASL_ERR_PARTICIPANT_EXISTS'), ...invalid, ...refused },
      },
    },
    [`${ADMIN_PARTICIPANTS_PATH}/{licence}`]: {
      get: { operationId: 'readParticipant', tags: ['Admin'], summary: 'One participant', security, parameters: licence, responses: { '200': { description: 'The participant', content: { [JSON_TYPE]: { schema: { $ref: '#/components/schemas/Participant' } } } }, ...unknown, ...refused } },
      patch: {
        operationId: 'changeParticipant',
        tags: ['Admin'],
        summary: 'Change delivery (poll or push), limits, credentials (key rotation), policy or display name',
        security,
        parameters: licence,
        requestBody: { required: true, content: { [JSON_TYPE]: { schema: { $ref: '#/components/schemas/ParticipantPatch' }, examples: { 'push delivery': { value: { delivery: { mode: 'push', endpoint: 'https://payer.example/wasl' } } }, limits: { value: { limits: { requestsPerMinute: 600 } } } } } } },
        responses: { '200': one('The participant after the change'), ...unknown, ...invalid, ...refused },
      },
    },
    [`${ADMIN_PARTICIPANTS_PATH}/{licence}/$block`]: { post: operation('Block a participant: refused on every authenticated route (GE-00029 payer, GE-00030 provider)', 'blockParticipant') },
    [`${ADMIN_PARTICIPANTS_PATH}/{licence}/$unblock`]: { post: operation('Unblock a participant', 'unblockParticipant') },
  };
}

const CHANGE_HEADERS = {
  'x-wasl-change': { description: "What the ledger recorded (the entry's detail), `none` when nothing changed", schema: { type: 'string' } },
  'x-wasl-ledger-seq': { description: 'The ledger entry recording the change', schema: { type: 'integer' } },
};

function outcome(description: string): JsonObject {
  return { description, content: { [FHIR]: { schema: { $ref: '#/components/schemas/OperationOutcome' } } } };
}
