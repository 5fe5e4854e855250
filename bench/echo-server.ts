/**
 * The baseline: a bare Fastify server that reads a FHIR JSON body as text and sends it back.
 * Same framework, same HTTP stack, same bodies as the gateway, and no work at all, so the
 * gateway/echo ratio isolates what the gateway itself costs.
 */
import Fastify, { type FastifyInstance } from 'fastify';

const FHIR_JSON = 'application/fhir+json';

export function createEchoServer(): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([FHIR_JSON, 'application/json'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/$process-message', async (request, reply) => reply.code(200).type(FHIR_JSON).send(request.body as string));
  return app;
}
