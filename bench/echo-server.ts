/**
 * The baselines: bare Fastify servers, same framework, same HTTP stack and same bodies as the
 * gateway.
 *
 *   echo      parses the JSON body (Fastify's default JSON parser, with its prototype-poisoning
 *             guard) and answers the parsed object, serialised again: the least a JSON gateway
 *             must do. The gateway/echo ratio is measured against this one.
 *   echo-raw  reads the body as text and sends it back, no JSON work at all (the HTTP floor).
 */
import Fastify, { type FastifyInstance } from 'fastify';

const FHIR_JSON = 'application/fhir+json';

export function createEchoServer(mode: 'parse' | 'raw' = 'parse'): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  const parser = mode === 'parse' ? app.getDefaultJsonParser('error', 'error') : (_request: unknown, body: string | Buffer, done: (e: Error | null, body?: unknown) => void) => done(null, body);
  app.addContentTypeParser([FHIR_JSON, 'application/json'], { parseAs: 'string' }, parser);
  app.post('/$process-message', async (request, reply) => reply.code(200).type(FHIR_JSON).send(mode === 'parse' ? JSON.stringify(request.body) : (request.body as string)));
  return app;
}
