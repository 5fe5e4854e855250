/**
 * The Fastify application: body parsing and error mapping at the root, one plugin per concern
 * (messages, tokens, metadata, health, keys). Every failure leaves as a coded OperationOutcome;
 * nothing leaves as a stack trace.
 */
import type { TlsOptions } from 'node:tls';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CodeCatalogue } from '../findings/catalogue.js';
import { NotProcessable, notProcessable } from '../findings/not-processable.js';
import type { EventCatalogue } from '../fhir/events.js';
import type { Exchange } from '../routing/exchange.js';
import { StoreUnavailableError, type MessageArchive, type SubscriptionStore } from '../store/ports.js';
import type { AccessTokenVerifier } from './auth.js';
import { FHIR_MEDIA_TYPES, readFhirBody } from './body.js';
import { clientErrorAnswer, drainRequest, expectationAnswer, listenerOptions } from './connection-guard.js';
import type { ConnectionConfig } from '../config.js';
import { installAccessLog } from './access-log.js';
import { preferredLanguage } from './language.js';
import { sendNotProcessable } from './outcome-reply.js';
import { capabilityPlugin } from './plugins/capability.js';
import { docsPlugin } from './plugins/docs.js';
import { healthPlugin } from './plugins/health.js';
import { jwksPlugin } from './plugins/jwks.js';
import { metricsPlugin } from './plugins/metrics.js';
import { subscriptionPlugin } from './plugins/subscription.js';
import { messagesPlugin } from './plugins/messages.js';
import type { BytesSigner } from '../routing/message-signer.js';
import { auditPlugin, type AuditPluginOptions } from './plugins/audit.js';
import { reportsPlugin, type ReportsPluginOptions } from './plugins/reports.js';
import { reportsDashboardPlugin } from './plugins/reports-dashboard.js';
import { DashboardLabels } from '../reports/dashboard/labels.js';
import { reportPage } from '../reports/dashboard/report-page.js';
import { adminPlugin, type ParticipantAdmin } from './plugins/admin.js';
import type { SubscriptionNotifier } from '../routing/subscriptions/notifier.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { processMessagePlugin } from './plugins/process-message.js';
import { FORM_BODY_LIMIT, TOKEN_PATH, tokenPlugin, type TokenExchanger } from './plugins/token.js';
import { installRateLimit } from './plugins/rate-limit.js';
import type { RateLimiter } from '../security/rate-limit.js';

export interface ServerDependencies {
  readonly exchange: Exchange;
  readonly catalogue: CodeCatalogue;
  readonly events: EventCatalogue;
  readonly verifier: AccessTokenVerifier;
  readonly tokens: TokenExchanger;
  readonly jwks: () => unknown;
  readonly ready: () => Promise<boolean>;
  readonly metrics?: GatewayMetrics;
  /** WASL_METRICS_TOKEN: a static bearer secret accepted at `/metrics` beside admin/regulator tokens. */
  readonly metricsToken?: string | undefined;
  /** Per-participant and token-endpoint budgets (429 + Retry-After); undefined: no limits. */
  readonly rateLimiter?: RateLimiter | undefined;
  readonly subscriptions: SubscriptionStore;
  /** Signed checkpoints and inclusion proofs of the ledger (`/audit/...`). */
  readonly audit?: Omit<AuditPluginOptions, 'verifier'>;
  /** The compliance reports (`/reports/...`, issue 15). */
  readonly reports?: Omit<ReportsPluginOptions, 'verifier'>;
  /** Past messages a participant may read back (`GET /messages/{bundleId}`). */
  readonly archive?: Pick<MessageArchive, 'archivedMessage'>;
  /** Signs archived copies kept unsigned when they are read back (see plugins/messages.ts). */
  readonly archiveSigner?: (() => BytesSigner) | undefined;
  /** The participant registry, managed at `/admin/participants` by the admin role. */
  readonly participants?: ParticipantAdmin;
  readonly notifier: SubscriptionNotifier;
  readonly subscriptionHosts?: readonly string[] | undefined;
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly maxArrayLength: number;
  readonly maxJsonValues: number;
  /** Listener timeouts and connection cap (slow and idle clients). */
  readonly connections: ConnectionConfig;
  /** HTTPS with client certificates (security/tls/server-options.ts); undefined: plain HTTP. */
  readonly tls?: TlsOptions | undefined;
  readonly fhirBase: string;
  readonly publicUrl: string;
  readonly version: string;
  readonly logger?: FastifyServerOptions['logger'];
}

/** Seconds a client should wait before retrying when the store is down. */
const STORE_RETRY_AFTER_SECONDS = 5;

/** Beyond a refused body, how much more the gateway reads and discards so the client can read the 413. */
const DRAIN_AT_LEAST = 1024 * 1024;

export function buildServer(deps: ServerDependencies): FastifyInstance {
  const listener = listenerOptions(deps.connections);
  // Fastify hands `http` (header timeouts) to http.createServer only: an HTTPS listener gets them with its TLS options.
  const https = deps.tls ? { https: { ...listener.http, ...deps.tls } } : {};
  // The HTTPS instance is typed on https.Server; every hook and route here works on either.
  const app = Fastify({
    ...https,
    logger: deps.logger ?? false,
    // One access line per request, written by the access-log hook, not Fastify's two (issue 10, item 9).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.maxBodyBytes,
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
    ...listener,
    clientErrorHandler: clientErrorAnswer(deps.catalogue),
    // Errors raised while routing, before any handler: coded like everything else.
    frameworkErrors: (failure, request, reply) => {
      const language = preferredLanguage(request.headers['accept-language']);
      const code = failure.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'WASL_ERR_URL_TOO_LONG' : 'WASL_ERR_NOT_FOUND';
      return sendNotProcessable(reply, notProcessable(code, undefined, request.url.split('?')[0]?.slice(0, 100)), deps.catalogue, language);
    },
  });
  app.server.maxConnections = deps.connections.maxConnections;
  app.server.on('checkExpectation', expectationAnswer(deps.catalogue));

  app.removeAllContentTypeParsers();
  const jsonLimits = { maxDepth: deps.maxJsonDepth, maxArrayLength: deps.maxArrayLength, maxValues: deps.maxJsonValues };
  // Bytes, not a string: a BOM or invalid UTF-8 must be refused, not silently stripped or replaced.
  app.addContentTypeParser([...FHIR_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (request, body, done) => {
    try {
      const read = readFhirBody(body as Buffer, jsonLimits);
      // Reading (since the route's preParsing hook, where it has one) and the guarded parse.
      const times = request.stageTimes;
      if (times) times.add('parse', times.bodyFrom);
      done(null, read);
    } catch (problem) {
      done(problem as Error, undefined);
    }
  });
  app.setErrorHandler((failure: FastifyError | NotProcessable | Error, request, reply) => {
    const language = preferredLanguage(request.headers['accept-language']);
    if (failure instanceof NotProcessable) return sendNotProcessable(reply, failure, deps.catalogue, language);
    if (failure instanceof StoreUnavailableError) {
      request.log.error({ err: failure.cause }, 'store unavailable');
      return sendNotProcessable(reply, notProcessable('WASL_ERR_STORE_UNAVAILABLE', undefined, undefined, STORE_RETRY_AFTER_SECONDS), deps.catalogue, language);
    }
    const code = (failure as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const form = /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
      const limit = form ? FORM_BODY_LIMIT : deps.maxBodyBytes;
      const problem = form
        ? notProcessable('WASL_ERR_BODY_TOO_LARGE', undefined, `the body exceeds ${limit} bytes, the limit of a form body`)
        : notProcessable('BV-00076', undefined, `the body exceeds ${limit} bytes`);
      return drainRequest(request.raw, limit + Math.max(limit, DRAIN_AT_LEAST)).then(() => sendNotProcessable(reply, problem, deps.catalogue, language));
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      const expected = request.routeOptions.url === TOKEN_PATH ? 'application/x-www-form-urlencoded' : 'application/fhir+json';
      return sendNotProcessable(reply, notProcessable('WASL_ERR_MEDIA_TYPE', undefined, `send ${expected}`), deps.catalogue, language);
    }
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (failure as FastifyError).statusCode === 400) {
      return sendNotProcessable(reply, notProcessable('GE-00013', undefined, 'the request body could not be read'), deps.catalogue, language);
    }
    request.log.error({ err: failure }, 'unexpected failure');
    return sendNotProcessable(reply, notProcessable('WASL_ERR_INTERNAL'), deps.catalogue, language);
  });

  installAccessLog(app);

  // Every FHIR answer says which language its displays are in (issue 10, item 5).
  app.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/fhir+json')) reply.header('content-language', preferredLanguage(request.headers['accept-language']));
    return payload;
  });

  app.setNotFoundHandler((request, reply) =>
    sendNotProcessable(reply, notProcessable('WASL_ERR_NOT_FOUND', undefined, `${request.method} ${request.url.split('?')[0]}`), deps.catalogue, preferredLanguage(request.headers['accept-language'])),
  );

  // A root hook, added before the plugins load, so it runs on every route after its authentication.
  if (deps.rateLimiter) installRateLimit(app, deps.rateLimiter);
  app.register(healthPlugin, { ready: deps.ready });
  if (deps.metrics) app.register(metricsPlugin, { metrics: deps.metrics, verifier: deps.verifier, staticToken: deps.metricsToken });
  app.register(capabilityPlugin, { events: deps.events, publicUrl: deps.publicUrl, fhirBase: deps.fhirBase, version: deps.version });
  app.register(jwksPlugin, { jwks: deps.jwks });
  app.register(docsPlugin, { catalogue: deps.catalogue, events: deps.events, publicUrl: deps.publicUrl, fhirBase: deps.fhirBase, version: deps.version });
  app.register(tokenPlugin, { tokens: deps.tokens, publicUrl: deps.publicUrl, limiter: deps.rateLimiter });
  app.register(processMessagePlugin, { exchange: deps.exchange, verifier: deps.verifier, catalogue: deps.catalogue, fhirBase: deps.fhirBase });
  if (deps.audit) app.register(auditPlugin, { ...deps.audit, verifier: deps.verifier });
  if (deps.reports) {
    // The dashboard's rendering serves format=html too; the page and its view are their own plugin, with their own CSP (issue 15, item 4).
    const labels = DashboardLabels.load();
    app.register(reportsPlugin, { ...deps.reports, verifier: deps.verifier, renderHtml: reportPage(labels) });
    app.register(reportsDashboardPlugin, { source: deps.reports.source, refresh: deps.reports.refresh, verifier: deps.verifier, labels });
  }
  if (deps.archive) app.register(messagesPlugin, { archive: deps.archive, verifier: deps.verifier, signer: deps.archiveSigner });
  if (deps.participants) app.register(adminPlugin, { participants: deps.participants, verifier: deps.verifier });
  app.register(subscriptionPlugin, {
    store: deps.subscriptions,
    verifier: deps.verifier,
    notifier: deps.notifier,
    publicUrl: deps.publicUrl,
    fhirBase: deps.fhirBase,
    allowedHosts: deps.subscriptionHosts,
  });
  return app;
}
