/**
 * `GET /metrics`: Prometheus scrape endpoint (queue depth, oldest age, redeliveries, outcomes).
 *
 * Not public (issue 9, item 12): queue depth per licence tells an outsider who trades with whom
 * and how much. A request needs either
 * - a bearer access token of a participant whose role is `admin` or `regulator` (blocked
 *   participants refused, rate limited like any authenticated route), or
 * - the static secret `WASL_METRICS_TOKEN` as `Authorization: Bearer <secret>`, for scrapers that
 *   cannot run the SMART token exchange (Prometheus `authorization.credentials_file`).
 * Without a credential: 401 `WASL_ERR_UNAUTHENTICATED`; a provider's or payer's token: 403
 * `WASL_ERR_FORBIDDEN_ROLE`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notProcessable } from '../../findings/not-processable.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import type { ParticipantRole } from '../../security/participants/participant.js';
import { bearerAuthentication, bearerToken, type AccessTokenVerifier } from '../auth.js';

export const METRICS_ROLES: readonly ParticipantRole[] = ['admin', 'regulator'];

export interface MetricsPluginOptions {
  readonly metrics: GatewayMetrics;
  readonly verifier: AccessTokenVerifier;
  /** WASL_METRICS_TOKEN; undefined: only admin and regulator access tokens are accepted. */
  readonly staticToken?: string | undefined;
}

export async function metricsPlugin(app: FastifyInstance, options: MetricsPluginOptions): Promise<void> {
  const authenticate = bearerAuthentication(options.verifier);
  const staticDigest = options.staticToken === undefined ? undefined : digest(options.staticToken);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const presented = bearerToken(request);
    if (staticDigest !== undefined && presented !== undefined && timingSafeEqual(digest(presented), staticDigest)) return;
    await authenticate(request);
    const role = request.participant?.role;
    if (role === undefined || !METRICS_ROLES.includes(role)) {
      throw notProcessable('WASL_ERR_FORBIDDEN_ROLE', undefined, `/metrics is for the ${METRICS_ROLES.join(' and ')} roles`);
    }
  });

  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await options.metrics.render();
    return reply.type(contentType).send(body);
  });
}

/** Equal-length digests, so the comparison takes the same time whatever was presented. */
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
