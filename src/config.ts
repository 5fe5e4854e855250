/**
 * Configuration from the environment (SPEC section 11), validated once at start.
 * A bad value stops the gateway with a message naming the variable, never a silent default.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { allowEntryProblem } from './routing/subscriptions/endpoint-guard.js';
import { packagePath } from './package-root.js';
import { tlsConfig, TlsConfigError, type TlsConfig } from './security/tls/config.js';

export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  /** How long a provider's request waits for the payer's answer before `queued` (SPEC section 6). */
  readonly syncWindowMs: number;
  /** How long a polled message stays leased before it is handed out again. */
  readonly leaseMs: number;
  /** Deliveries of one message before it is dead-lettered instead of handed out again (always bounded). */
  readonly maxDeliveries: number;
  /** Days a message body stays readable in the archive (`GET /messages/{id}`); the ledger keeps its hash for good. */
  readonly archiveRetentionDays: number;
  /** How often the gateway signs the ledger head served at `GET /audit/checkpoint`. */
  readonly checkpointIntervalS: number;
  /** Longest a poll-request may wait for a message (its `wait` input) before answering empty. */
  readonly maxPollWaitMs: number;
  /** BV-00076: at most 10 MB per message. */
  readonly maxBodyBytes: number;
  /** Deepest JSON nesting accepted; FHIR messages need far less, attackers need more. */
  readonly maxJsonDepth: number;
  /** Most elements in one JSON array, checked before parsing (README, level 1: WASL_ERR_ARRAY_TOO_LONG). */
  readonly maxArrayLength: number;
  /** Most JSON values in one message, checked before parsing (README, level 1: WASL_ERR_TOO_MANY_VALUES). */
  readonly maxJsonValues: number;
  /** Worker threads that validate large messages (validation/worker-pool.ts); 0: all validation on the main thread. */
  readonly validationWorkers: number;
  /** Gateway processes sharing the port and the store (cluster/primary.ts); 1: this process serves alone. */
  readonly workers: number;
  /** Bytes from which a message is validated in a worker, off the event loop (issue 9; bench/validation-pool.ts). */
  readonly validationWorkerBytes: number;
  /** Timeouts and the connection cap of the HTTP listener (slow or idle clients). */
  readonly connections: ConnectionConfig;
  /** Extra FHIR base under which `$process-message` is also served. */
  readonly fhirBase: string;
  /** The gateway's own licence (the `NPHIES` receiver of poll-request and payment-notice). */
  readonly gatewayLicence: string;
  /** Public base URL: the token endpoint audience is `<publicUrl>/auth/token`. */
  readonly publicUrl: string;
  readonly logLevel: string;
  /** Hosts a Subscription's rest-hook endpoint may name (`*.example.sa` allowed); undefined: any host. */
  readonly subscriptionHosts: readonly string[] | undefined;
  /**
   * Private targets a rest-hook endpoint may reach (WASL_SUBSCRIPTION_ALLOW_PRIVATE): networks
   * (`10.1.2.0/24`, `127.0.0.1`) or host names (`hooks.internal`, `*.internal`). Empty: none, so no
   * loopback, private, link-local or reserved address is ever notified.
   */
  readonly subscriptionAllowPrivate: readonly string[];
  /** Push delivery to payers in `push` mode (SPEC section 6). */
  readonly push: PushConfig;
  /** Where the rule catalogue, code tables and message events live. */
  readonly schemasDir: string;
  /** Where the NPHIES profiles generated from the official tables live. */
  readonly profilesDir: string;
  /** The operator's licensed Saudi Billing System list; without it SBS codes are checked for shape only. */
  readonly sbsFile: string | undefined;
  /** Request budgets per minute (429 + Retry-After beyond them); see security/rate-limit.ts. */
  readonly rateLimit: RateLimitConfig;
  /** Static bearer secret a Prometheus scraper may present at `/metrics`; undefined: admin/regulator tokens only. */
  readonly metricsToken: string | undefined;
  /** Inline risk checks on prior authorizations and claims (issue 14): `WASL_RISK_CHECKS=off` delivers them as received. */
  readonly riskChecks: boolean;
  /** HTTPS with client certificates (WASL_TLS_*), and the credential presented on push and notifications. */
  readonly tls: TlsConfig;
}

export interface RateLimitConfig {
  /** Requests per minute of a participant whose record sets no `limits.requestsPerMinute`. */
  readonly participantPerMinute: number;
  /** `POST /auth/token` requests per minute per claimed client id. */
  readonly tokenPerClientPerMinute: number;
  /** `POST /auth/token` requests per minute per client address. */
  readonly tokenPerAddressPerMinute: number;
  /** Failed authentications (401) per minute per client address on the authenticated routes. */
  readonly authFailuresPerAddressPerMinute: number;
  /** How long a refused request is held before its 429 (at most its Retry-After). */
  readonly refusalDelayMs: number;
}

export interface PushConfig {
  /** One POST to a payer may take this long before it counts as failed. */
  readonly timeoutMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Consecutive failures that open a payer's circuit breaker. */
  readonly breakerFailures: number;
  /** How long an open breaker waits before one probe. */
  readonly breakerOpenMs: number;
  /** POSTs in flight per payer. */
  readonly concurrency: number;
  /** How often idle workers look for redeliveries and new push payers. */
  readonly sweepMs: number;
}

export interface ConnectionConfig {
  /** Time to receive a request's headers, counted from the connection or the previous request. */
  readonly headersTimeoutMs: number;
  /**
   * Time to receive a whole request; also the longest a socket may stay silent, so it must
   * exceed the longest wait the gateway holds a request for (long poll, synchronous window).
   */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections accepted at once; beyond it new connections are closed at once. */
  readonly maxConnections: number;
}

/**
 * The array and value limits' defaults. The largest array in the official samples and sandbox
 * captures holds 43 elements, and the largest a SPEC message can need is a batch's Bundle.entry
 * (200 claims + the header): 5,000 is 25 times that. A 200-claim batch of sample-sized claims
 * holds about 79,000 values, and a 10 MB message of the densest real content (20.8 bytes per
 * value) about 500,000: 1,000,000 is twice that.
 */
export const DEFAULT_MAX_ARRAY_LENGTH = 5_000;
export const DEFAULT_MAX_JSON_VALUES = 1_000_000;

/**
 * From this size a message is validated in a worker (issue 9). At 256 KiB the main thread would spend
 * ~4–9 ms validating it, against ~2 ms to hand the text to a worker; real messages (5–20 KB, ~0.2 ms)
 * stay below it, where the round trip costs more than the validation (bench/validation-pool.ts).
 */
export const DEFAULT_VALIDATION_WORKER_BYTES = 256 * 1024;

export class ConfigError extends Error {
  readonly code = 'WASL_ERR_CONFIG';
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const host = env.WASL_HOST ?? '127.0.0.1';
  const port = integer(env, 'WASL_PORT', 8080, 0, 65535);
  const syncWindowMs = integer(env, 'WASL_SYNC_WINDOW_MS', 5000, 0, 60_000);
  const leaseMs = integer(env, 'WASL_LEASE_MS', 30_000, 100, 3_600_000);
  const tlsSettings = tls(env);
  const config: GatewayConfig = {
    host,
    port,
    dataDir: resolve(env.WASL_DATA_DIR ?? './data'),
    redisUrl: env.WASL_REDIS_URL || undefined,
    syncWindowMs,
    leaseMs,
    maxDeliveries: integer(env, 'WASL_MAX_DELIVERIES', 10, 1, 1000),
    archiveRetentionDays: integer(env, 'WASL_ARCHIVE_RETENTION_DAYS', 3650, 1, 36500),
    checkpointIntervalS: integer(env, 'WASL_CHECKPOINT_INTERVAL_S', 60, 1, 86400),
    maxPollWaitMs: integer(env, 'WASL_MAX_POLL_WAIT_S', 30, 0, 300) * 1000,
    subscriptionHosts: hostList(env.WASL_SUBSCRIPTION_HOSTS),
    subscriptionAllowPrivate: privateTargets(env.WASL_SUBSCRIPTION_ALLOW_PRIVATE),
    push: {
      // By default an attempt ends well inside the lease, however short the lease is set.
      timeoutMs: integer(env, 'WASL_PUSH_TIMEOUT_MS', Math.max(50, Math.min(5000, Math.floor(leaseMs / 2))), 50, 60_000),
      backoffBaseMs: integer(env, 'WASL_PUSH_BACKOFF_BASE_MS', 250, 1, 60_000),
      backoffMaxMs: integer(env, 'WASL_PUSH_BACKOFF_MAX_MS', 30_000, 1, 3_600_000),
      breakerFailures: integer(env, 'WASL_PUSH_BREAKER_FAILURES', 5, 1, 1000),
      breakerOpenMs: integer(env, 'WASL_PUSH_BREAKER_OPEN_MS', 30_000, 10, 3_600_000),
      concurrency: integer(env, 'WASL_PUSH_CONCURRENCY', 4, 1, 64),
      sweepMs: integer(env, 'WASL_PUSH_SWEEP_MS', 1000, 10, 60_000),
    },
    maxBodyBytes: integer(env, 'WASL_MAX_BODY_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    maxJsonDepth: integer(env, 'WASL_MAX_JSON_DEPTH', 64, 8, 1000),
    maxArrayLength: integer(env, 'WASL_MAX_ARRAY_LENGTH', DEFAULT_MAX_ARRAY_LENGTH, 250, 10_000_000),
    maxJsonValues: integer(env, 'WASL_MAX_JSON_VALUES', DEFAULT_MAX_JSON_VALUES, 10_000, 100_000_000),
    validationWorkers: integer(env, 'WASL_VALIDATION_WORKERS', 1, 0, 16),
    workers: integer(env, 'WASL_WORKERS', 1, 1, 64),
    validationWorkerBytes: integer(env, 'WASL_VALIDATION_WORKER_BYTES', DEFAULT_VALIDATION_WORKER_BYTES, 1024, 1024 * 1024 * 1024),
    connections: {
      headersTimeoutMs: integer(env, 'WASL_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
      requestTimeoutMs: integer(env, 'WASL_REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000),
      keepAliveTimeoutMs: integer(env, 'WASL_KEEP_ALIVE_TIMEOUT_MS', 10_000, 100, 600_000),
      maxConnections: integer(env, 'WASL_MAX_CONNECTIONS', 1024, 1, 1_000_000),
    },
    fhirBase: fhirBase(env.WASL_FHIR_BASE ?? '/fhir'),
    gatewayLicence: env.WASL_GATEWAY_LICENCE ?? 'NPHIES',
    publicUrl: (env.WASL_PUBLIC_URL ?? `${tlsSettings.inbound ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, ''),
    logLevel: env.WASL_LOG_LEVEL ?? 'info',
    schemasDir: resolve(env.WASL_SCHEMAS_DIR ?? packagePath('schemas')),
    profilesDir: resolve(env.WASL_PROFILES_DIR ?? packagePath('profiles')),
    sbsFile: sbsFile(env.WASL_SBS_FILE),
    rateLimit: {
      participantPerMinute: integer(env, 'WASL_RATE_LIMIT_PER_MINUTE', 1200, 1, 10_000_000),
      tokenPerClientPerMinute: integer(env, 'WASL_TOKEN_RATE_LIMIT_PER_MINUTE', 120, 1, 10_000_000),
      tokenPerAddressPerMinute: integer(env, 'WASL_TOKEN_RATE_LIMIT_PER_IP_PER_MINUTE', 600, 1, 10_000_000),
      authFailuresPerAddressPerMinute: integer(env, 'WASL_AUTH_FAILURES_PER_IP_PER_MINUTE', 60, 1, 10_000_000),
      refusalDelayMs: integer(env, 'WASL_RATE_LIMIT_DELAY_MS', 1000, 0, 60_000),
    },
    metricsToken: metricsToken(env.WASL_METRICS_TOKEN),
    riskChecks: onOff(env, 'WASL_RISK_CHECKS', true),
    tls: tlsSettings,
  };
  if (config.leaseMs <= config.push.timeoutMs) {
    // A pushed message must stay leased for longer than one attempt, or a second attempt could overlap it.
    throw new ConfigError('WASL_LEASE_MS', `must be longer than WASL_PUSH_TIMEOUT_MS (${config.push.timeoutMs} ms), got ${config.leaseMs}`);
  }
  const longestWaitMs = Math.max(config.maxPollWaitMs, config.syncWindowMs);
  if (config.connections.requestTimeoutMs <= longestWaitMs) {
    // The request timeout is also the socket's silence limit: a long poll or a provider waiting out
    // the synchronous window sends nothing while it waits, and must not be cut off.
    throw new ConfigError('WASL_REQUEST_TIMEOUT_MS', `must be longer than the longest wait (WASL_MAX_POLL_WAIT_S, WASL_SYNC_WINDOW_MS: ${longestWaitMs} ms), got ${config.connections.requestTimeoutMs}`);
  }
  if (config.connections.headersTimeoutMs > config.connections.requestTimeoutMs) {
    throw new ConfigError('WASL_HEADERS_TIMEOUT_MS', `must not exceed WASL_REQUEST_TIMEOUT_MS (${config.connections.requestTimeoutMs} ms), got ${config.connections.headersTimeoutMs}`);
  }
  if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) {
    throw new ConfigError('WASL_REDIS_URL', `expected redis://host:port, got "${config.redisUrl}"`);
  }
  return { ...config, ...overrides };
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function tls(env: Env): TlsConfig {
  try {
    return tlsConfig(env);
  } catch (problem) {
    if (problem instanceof TlsConfigError) throw new ConfigError(problem.variable, problem.problem);
    throw problem;
  }
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(name, `must be on or off, got ${raw}`);
}

function sbsFile(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const path = resolve(raw.trim());
  if (!existsSync(path)) throw new ConfigError('WASL_SBS_FILE', `no such file: ${path}`);
  return path;
}

/** A bearer secret: long enough not to be guessed, and only token68 characters (RFC 6750). */
function metricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9\-._~+/]{32,}=*$/.test(raw)) throw new ConfigError('WASL_METRICS_TOKEN', 'expected at least 32 characters of A-Z a-z 0-9 - . _ ~ + / (e.g. `openssl rand -hex 32`)');
  return raw;
}

function hostList(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const hosts = raw.split(',').map((h) => h.trim()).filter((h) => h !== '');
  for (const host of hosts) {
    if (!/^(\*\.)?[A-Za-z0-9.-]+$/.test(host)) throw new ConfigError('WASL_SUBSCRIPTION_HOSTS', `expected host names such as hooks.hospital.sa or *.hospital.sa, got "${host}"`);
  }
  return hosts;
}

function privateTargets(raw: string | undefined): string[] {
  const entries = (raw ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) {
    const problem = allowEntryProblem(entry);
    if (problem) throw new ConfigError('WASL_SUBSCRIPTION_ALLOW_PRIVATE', problem);
  }
  return entries;
}

function fhirBase(raw: string): string {
  const trimmed = raw.replace(/\/+$/, '');
  if (trimmed !== '' && !/^\/[A-Za-z0-9/_-]*$/.test(trimmed)) {
    throw new ConfigError('WASL_FHIR_BASE', `expected a path such as /fhir, got "${raw}"`);
  }
  return trimmed;
}
