/** `GET /healthz` (the process is up) and `GET /readyz` (it can take messages: the store answers). */
import type { FastifyInstance } from 'fastify';

export async function healthPlugin(app: FastifyInstance, options: { ready: () => Promise<boolean> }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    let ready = false;
    try {
      ready = await options.ready();
    } catch {
      ready = false;
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', store: ready ? 'ok' : 'unavailable' });
  });
}
