/** `GET /metrics`: Prometheus scrape endpoint (queue depth, oldest age, redeliveries, outcomes). */
import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from '../../observability/metrics.js';

export async function metricsPlugin(app: FastifyInstance, options: { metrics: GatewayMetrics }): Promise<void> {
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await options.metrics.render();
    return reply.type(contentType).send(body);
  });
}
