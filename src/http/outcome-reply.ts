/**
 * The one place a not-processable message becomes an HTTP answer: a bare OperationOutcome with
 * the status the code catalogue gives (SPEC section 4, level 1).
 */
import type { FastifyReply } from 'fastify';
import type { CodeCatalogue, Language } from '../findings/catalogue.js';
import type { NotProcessable } from '../findings/not-processable.js';
import { operationOutcome } from '../fhir/responses.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function sendNotProcessable(reply: FastifyReply, problem: NotProcessable, catalogue: CodeCatalogue, language: Language): FastifyReply {
  const status = catalogue.httpStatus(problem.code);
  if (problem.retryAfter !== undefined) reply.header('retry-after', String(problem.retryAfter));
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="wasl"');
  return reply.code(status).type(FHIR_JSON).send(JSON.stringify(operationOutcome(problem.findings, { catalogue, language })));
}
