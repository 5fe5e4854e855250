/** `GET /.well-known/jwks.json`: the gateway's public signing keys, old ones kept after rotation (SPEC section 7). */
import type { FastifyInstance } from 'fastify';

export async function jwksPlugin(app: FastifyInstance, options: { jwks: () => unknown }): Promise<void> {
  app.get('/.well-known/jwks.json', async (_request, reply) => reply.type('application/jwk-set+json').send(JSON.stringify(options.jwks())));
}
