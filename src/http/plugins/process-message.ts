/**
 * `POST /$process-message` (and under the FHIR base): the one operation of the exchange, and
 * `POST /$validate`, the same validation layers without routing (the providers' sandbox).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CodeCatalogue } from '../../findings/catalogue.js';
import { notProcessable } from '../../findings/not-processable.js';
import { operationOutcome } from '../../fhir/responses.js';
import { StageTimes, type Exchange } from '../../routing/exchange.js';
import { bearerAuthentication, type AccessTokenVerifier } from '../auth.js';
import type { FhirBody } from '../body.js';
import { preferredLanguage } from '../language.js';
import { FHIR_JSON } from '../outcome-reply.js';
import { SIGNATURE_HEADER } from '../../security/message-signing.js';

export interface ProcessMessageOptions {
  readonly exchange: Exchange;
  readonly verifier: AccessTokenVerifier;
  readonly catalogue: CodeCatalogue;
  readonly fhirBase: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The submission's stage times (`wasl_stage_seconds`), from authentication to the answer. */
    stageTimes?: StageTimes;
  }
}

export async function processMessagePlugin(app: FastifyInstance, options: ProcessMessageOptions): Promise<void> {
  app.addHook('onRequest', bearerAuthentication(options.verifier));
  // The last hook before the body is read (after the root's rate limit): `parse` starts here.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const times = new StageTimes();
    if (request.authenticateMs !== undefined) times.authenticate = request.authenticateMs;
    times.bodyFrom = performance.now();
    request.stageTimes = times;
    done(null, payload);
  });

  const processMessage = async (request: FastifyRequest) => {
    const body = fhirBody(request);
    return options.exchange.submit({
      raw: body.raw,
      parsed: body.parsed,
      caller: request.caller ?? { licence: '' },
      language: preferredLanguage(request.headers['accept-language']),
      ...senderSignature(request),
      times: request.stageTimes,
    });
  };

  const validate = async (request: FastifyRequest) => {
    const body = fhirBody(request);
    const language = preferredLanguage(request.headers['accept-language']);
    const { findings } = await options.exchange.check(body.raw, body.parsed);
    const outcome = operationOutcome(
      findings.length > 0 ? findings : [{ code: 'WASL_OK', severity: 'information', diagnostics: 'no problems found' }],
      { catalogue: options.catalogue, language },
    );
    return JSON.stringify(outcome);
  };

  for (const base of new Set(['', options.fhirBase])) {
    app.post(`${base}/$process-message`, async (request, reply) => {
      const answer = await processMessage(request);
      if (answer.signature !== undefined) reply.header(SIGNATURE_HEADER, answer.signature);
      if (answer.queuedMessages !== undefined) reply.header(QUEUED_MESSAGES_HEADER, String(answer.queuedMessages));
      return reply.code(answer.status).type(FHIR_JSON).send(answer.body);
    });
    app.post(`${base}/$validate`, async (request, reply) => reply.type(FHIR_JSON).send(await validate(request)));
  }
}

/** How many messages wait in the caller's queue, on every answer (a relayed answer cannot carry the tag). */
export const QUEUED_MESSAGES_HEADER = 'x-wasl-queued-messages';

/** The sender's detached JWS over the body, when it signed (one header value; a repeated header is not a signature). */
function senderSignature(request: FastifyRequest): { signature?: string } {
  const value = request.headers[SIGNATURE_HEADER];
  return typeof value === 'string' ? { signature: value.trim() } : Array.isArray(value) ? { signature: value.join(',') } : {};
}

function fhirBody(request: FastifyRequest): FhirBody {
  const body = request.body as FhirBody | undefined;
  if (!body || typeof body.raw !== 'string') throw notProcessable('GE-00013', undefined, 'no FHIR JSON body');
  return body;
}
