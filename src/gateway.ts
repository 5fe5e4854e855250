/**
 * Composition root: compiles the data (codes, events, schema, rules) once, opens the store
 * and the participant registry, and wires them into the HTTP server. Everything is passed
 * in; nothing is a module-level singleton.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from './config.js';
import { LICENCE_SYSTEMS } from './fhir/identity.js';
import { readFhirBody } from './http/body.js';
import { buildServer } from './http/server.js';
import { Exchange } from './routing/exchange.js';
import { Poller } from './routing/poll.js';
import { GatewayKeyRing } from './security/gateway-key-ring.js';
import { loadHubSecret, patientKey, practitionerKey } from './security/keyed-hash.js';
import { senderSignatureCheck } from './security/sender-signatures.js';
import { StoreParticipantRegistry } from './security/participants/store-registry.js';
import { StoreJtiGuard } from './security/jti-cache.js';
import { RateLimiter } from './security/rate-limit.js';
import { TokenService } from './security/tokens.js';
import { identifyClientCertificate } from './security/tls/client-certificate.js';
import { tlsServerOptions } from './security/tls/server-options.js';
import { loadOutboundCredentials, mutualTlsFetch, pushEndpointPins } from './security/tls/outbound.js';
import { GatewayMetrics } from './observability/metrics.js';
import { openStorage } from './store/open.js';
import { SubscriptionNotifier } from './routing/subscriptions/notifier.js';
import { answerThroughExchange, PushDelivery, pushTargets } from './routing/push/index.js';
import type { GatewaySignals, GatewayStore } from './store/ports.js';
import { buildValidation } from './validation/build.js';
import { createValidationPool } from './validation/worker-pool.js';
import { packagePath } from './package-root.js';
import { openAudit } from './audit/open-audit.js';
import { dailyCountsProjection, LedgerReader, openProjections, type ProjectionStore } from './ledger/index.js';
import { reportCountsProjection } from './ledger/report-counts.js';
import { loadSbsSystems } from './reports/billing-codes.js';
import { loadReportDisplays } from './reports/displays.js';
import { createRiskStage } from './risk/create.js';

export interface Gateway {
  readonly app: FastifyInstance;
  readonly store: GatewayStore;
  /** Cross-instance hints (message queued): in-process for the embedded store, pub/sub over Redis. */
  readonly signals: GatewaySignals;
  /** The participant registry, kept in the store and followed while running (`/admin/participants`, `wasl participant`). */
  readonly registry: StoreParticipantRegistry;
  readonly exchange: Exchange;
  readonly metrics: GatewayMetrics;
  /** Delivery to payers in `push` mode (retries, backoff, a circuit breaker per payer). */
  readonly push: PushDelivery;
  /** The gateway's signing keys, followed on disk (`wasl keys rotate`). */
  readonly keyRing: GatewayKeyRing;
  /** Projections of the ledger (per-day counts), kept current while the gateway runs. */
  readonly projections: ProjectionStore;
  /** Stops taking requests, finishes in-flight ones, releases waiters (they answer `queued`) and closes the store. */
  close(): Promise<void>;
}

export const VERSION = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;

export interface GatewayOptions {
  readonly logger?: FastifyServerOptions['logger'];
  /** Bench only (bench/accept-cost.ts --unsigned): `false` delivers messages unsigned, to measure what signing costs. */
  readonly sign?: boolean;
}

export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const validationOptions = { schemasDir: config.schemasDir, profilesDir: config.profilesDir, sbsFile: config.sbsFile, gatewayLicence: config.gatewayLicence };
  const { catalogue, events, validator } = buildValidation(validationOptions);

  // Followed while running: `wasl keys rotate` takes effect without a restart, old keys stay published.
  const keyRing = await GatewayKeyRing.open(config.dataDir);
  const gatewayKeys = keyRing.keys;
  const { secret: hubSecret } = await loadHubSecret(config.dataDir);
  const storage = await openStorage({ dataDir: config.dataDir, redisUrl: config.redisUrl });
  const { store, signals, waiters, rateCounter } = storage;
  // In the store since issue 13: `participants.json` is imported on the store's first start only.
  // Reload failures are logged through the server's logger, which exists by the time the timer fires.
  const registry = await StoreParticipantRegistry.open({ store, signals, dataDir: config.dataDir, onError: (err) => app.log.warn({ err }, 'participants: reload failed') });
  const tokens = new TokenService({ registry, gatewayKeys, audience: [`${config.publicUrl}/auth/token`], jtiCache: new StoreJtiGuard(store) });
  const metrics = new GatewayMetrics(store);
  // Both credentials end in one identity (http/auth.ts); the registry is read on every request, so a
  // revoked certificate or a block applies without a restart. Plain-HTTP sockets carry no certificate.
  const verifier = {
    verifyAccessToken: (token: string) => tokens.verifyAccessToken(token),
    identifyClientCertificate: (socket: Socket) => identifyClientCertificate(socket, registry),
  };
  const poller = new Poller({
    store,
    leaseMs: config.leaseMs,
    maxDeliveries: config.maxDeliveries,
    signals,
    maxWaitMs: config.maxPollWaitMs,
    onRedelivered: (recipient, count) => metrics.redelivered(recipient, count),
  });
  // Told, not only polled: subscribers hear of each message queued through this instance (here, and
  // not from signals: over Redis every instance receives every signal and would notify once each).
  // Failures are logged through the server's logger, which exists by the time a notification is sent.
  // Mutual TLS outbound (issue 13, item 3): push and notifications present the gateway's certificate.
  const outboundTls = loadOutboundCredentials(config.tls.outbound);
  const notifier = new SubscriptionNotifier({
    store,
    publicUrl: config.publicUrl,
    fhirBase: config.fhirBase,
    allowPrivate: config.subscriptionAllowPrivate,
    tls: outboundTls,
    log: { warn: (fields, message) => app.log.warn(fields, message) },
  });
  // Made once the store is open (nothing after this can fail and leave workers behind). The
  // workers compile (1-4 s) before the gateway is returned, so the first large message after a
  // start does not wait for them.
  const validationPool = config.validationWorkers > 0 ? createValidationPool({ size: config.validationWorkers, build: validationOptions }) : undefined;
  const poolWarm = validationPool?.warm();
  const identifierHash = (kind: 'patient' | 'practitioner', system: string, value: string): string => (kind === 'patient' ? patientKey(hubSecret, system, value) : practitionerKey(hubSecret, system, value));
  // Issue 14: compiled once at start (a bad data file stops the gateway here, naming the file).
  const risk = config.riskChecks
    ? createRiskStage({
        dataDir: config.dataDir,
        schemasDir: config.schemasDir,
        baseUrl: config.publicUrl,
        store,
        identifierHash,
        // The server's logger exists by the time a message is assessed.
        onError: (problem, check) => app.log.warn({ err: problem, check }, 'risk check failed: delivered without its result'),
      })
    : undefined;
  const sbsSystems = loadSbsSystems(config.schemasDir);
  const exchange = new Exchange({
    store,
    validator,
    events,
    participants: registry,
    waiters,
    poller,
    responses: {
      gateway: { licence: config.gatewayLicence, licenceSystem: LICENCE_SYSTEMS.gateway, baseUrl: config.publicUrl },
      catalogue,
    },
    syncWindowMs: config.syncWindowMs,
    sbsSystems,
    ...(options.sign === false ? {} : { signer: () => keyRing.signer }),
    identifierHash,
    ...(risk ? { risk } : {}),
    senderSignatures: senderSignatureCheck(registry),
    ...(validationPool ? { largeMessages: { pool: validationPool, minChars: config.validationWorkerBytes } } : {}),
    onQueued: (signal) => {
      signals.queued(signal);
      notifier.notify(signal);
    },
    observer: metrics,
  });

  // The proof index catches up with the ledger before the gateway serves (about 5 s per million
  // entries from its own LMDB file; over Redis each instance rebuilds it in memory).
  const audit = await openAudit({
    kind: storage.kind,
    dataDir: config.dataDir,
    ledger: store,
    licence: config.gatewayLicence,
    intervalS: config.checkpointIntervalS,
    signingKey: () => ({ kid: keyRing.keys.signingKid, key: keyRing.keys.signingKey }),
    onError: (problem) => app.log.warn({ err: problem }, 'audit: checkpoint failed'),
  });

  // Opened before the server, whose reports read it; followed once the server (and its log) exists.
  const projections = await openProjections({ dataDir: config.dataDir, redisUrl: config.redisUrl });
  const reportReader = new LedgerReader({ ledger: store, projections, projection: reportCountsProjection });
  const app = buildServer({
    exchange,
    catalogue,
    events,
    verifier,
    tokens,
    jwks: () => keyRing.jwks,
    ready: () => store.ready(),
    subscriptions: store,
    archive: store,
    ...(options.sign === false ? {} : { archiveSigner: () => keyRing.signer }),
    participants: registry,
    audit: { checkpointer: audit.checkpointer, index: audit.index, ledger: store },
    reports: {
      source: {
        projections,
        queue: store,
        displays: loadReportDisplays(config.schemasDir, catalogue),
        syncWindowMs: config.syncWindowMs,
        sbsSystems: [...sbsSystems],
        roleOf: (licence) => registry.get(licence)?.role,
      },
      refresh: async () => {
        await reportReader.catchUp();
      },
    },
    notifier,
    subscriptionHosts: config.subscriptionHosts,
    metrics,
    metricsToken: config.metricsToken,
    rateLimiter: new RateLimiter(rateCounter, config.rateLimit),
    maxBodyBytes: config.maxBodyBytes,
    maxJsonDepth: config.maxJsonDepth,
    maxArrayLength: config.maxArrayLength,
    maxJsonValues: config.maxJsonValues,
    connections: config.connections,
    tls: config.tls.inbound ? tlsServerOptions(config.tls.inbound) : undefined,
    fhirBase: config.fhirBase,
    publicUrl: config.publicUrl,
    version: VERSION,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });

  const push = new PushDelivery({
    store,
    signals,
    targets: () => pushTargets(registry),
    fetch: mutualTlsFetch(outboundTls, pushEndpointPins(registry)),
    // A pushed answer is read like a posted one: the same guard, the same limits.
    submitAnswer: answerThroughExchange({ exchange, catalogue, readBody: (bytes) => readFhirBody(bytes, jsonLimitsOf(config)) }),
    leaseMs: config.leaseMs,
    attemptTimeoutMs: config.push.timeoutMs,
    backoff: { baseMs: config.push.backoffBaseMs, maxMs: config.push.backoffMaxMs },
    breaker: { failureThreshold: config.push.breakerFailures, openMs: config.push.breakerOpenMs },
    concurrency: config.push.concurrency,
    sweepMs: config.push.sweepMs,
    maxAnswerBytes: config.maxBodyBytes,
    // A message a reachable payer keeps refusing is bounded like a polled one (WASL_MAX_DELIVERIES).
    maxRefusals: config.maxDeliveries,
    log: app.log,
  });
  push.start();
  // Started once the server (and its logger, which onError uses) exists.
  audit.checkpointer.start();
  metrics.addCollector({ collect: () => metrics.pushStats(push.stats()) });

  // Bodies older than the retention leave the archive (their hashes stay in the ledger); hourly,
  // and idempotent, so every instance may do it.
  const pruneArchive = (): void => {
    store.pruneArchive(Date.now() - config.archiveRetentionDays * 86_400_000).catch((err: unknown) => app.log.warn({ err }, 'archive: prune failed'));
  };
  const archivePruner = setInterval(pruneArchive, 3_600_000);
  archivePruner.unref();

  // Every instance follows the ledger; each page is applied once whichever instance gets there
  // first (the projection's cursor is checked in the same write as its counters).
  const dailyCounts = new LedgerReader({ ledger: store, projections, projection: dailyCountsProjection }).follow({ log: app.log, intervalMs: 1000 });
  const reportCounts = reportReader.follow({ log: app.log, intervalMs: 1000 });

  await poolWarm;
  let closed = false;
  return {
    app,
    store,
    signals,
    registry,
    exchange,
    metrics,
    push,
    keyRing,
    projections,
    async close() {
      if (closed) return;
      closed = true;
      // Stop accepting first, then let waiting providers answer `queued` at once, so shutdown
      // does not sit out their synchronous windows; their messages are already committed.
      const closing = app.close();
      waiters.releaseAll();
      poller.releaseAll();
      // An answer already being recorded still writes to the store: stop push before closing it.
      const pushStopped = push.close();
      // Keep-alive sockets become idle only after their last answer is sent; close them as they
      // do, instead of waiting out the keep-alive timeout.
      const sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await closing;
      } finally {
        clearInterval(sweeper);
      }
      await pushStopped;
      await notifier.close();
      await validationPool?.close();
      keyRing.close();
      registry.close();
      clearInterval(archivePruner);
      await dailyCounts.stop();
      await reportCounts.stop();
      await audit.close();
      await projections.close();
      await storage.close();
    },
  };
}

/** The JSON limits a body is read with, whether posted or returned by a push payer. */
function jsonLimitsOf(config: GatewayConfig): { maxDepth: number; maxArrayLength: number; maxValues: number } {
  return { maxDepth: config.maxJsonDepth, maxArrayLength: config.maxArrayLength, maxValues: config.maxJsonValues };
}
