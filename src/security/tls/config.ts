/**
 * TLS settings from the environment (issue 13, items 2 and 3): the HTTPS listener with client
 * certificates, and the credential the gateway presents when it pushes to payers and notifies
 * rest-hooks. Only file paths are kept here; the files are read when the gateway starts.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface InboundTlsConfig {
  /** The gateway's server certificate (PEM, chain allowed). */
  readonly certFile: string;
  readonly keyFile: string;
  /** CA certificates (PEM) whose client certificates may connect. */
  readonly clientCaFile: string;
}

export interface OutboundTlsConfig {
  /** Client certificate and key presented to HTTPS receivers; undefined: none is presented. */
  readonly certFile: string | undefined;
  readonly keyFile: string | undefined;
  /** CA certificates (PEM) a receiver's server certificate must chain to; undefined: Node's default roots. */
  readonly caFile: string | undefined;
}

export interface TlsConfig {
  /** Undefined: the gateway listens on plain HTTP (e.g. behind a TLS-terminating proxy). */
  readonly inbound: InboundTlsConfig | undefined;
  readonly outbound: OutboundTlsConfig;
}

/** The variable and what is wrong with it; config.ts turns it into its ConfigError. */
export class TlsConfigError extends Error {
  readonly code = 'WASL_ERR_CONFIG';
  constructor(readonly variable: string, readonly problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'TlsConfigError';
  }
}

type Env = Record<string, string | undefined>;

const INBOUND = ['WASL_TLS_CERT', 'WASL_TLS_KEY', 'WASL_TLS_CLIENT_CA'] as const;

export function tlsConfig(env: Env): TlsConfig {
  const [certFile, keyFile, clientCaFile] = INBOUND.map((name) => file(env, name));
  const set = [certFile, keyFile, clientCaFile].filter((f) => f !== undefined).length;
  if (set !== 0 && set !== INBOUND.length) {
    // Half a TLS setup would silently fall back to plain HTTP, or listen without checking clients.
    const missing = INBOUND.filter((name) => !env[name]?.trim());
    throw new TlsConfigError(missing[0]!, `must be set with ${INBOUND.join(', ')} (all three or none)`);
  }
  const inbound = certFile && keyFile && clientCaFile ? { certFile, keyFile, clientCaFile } : undefined;
  // The listener's certificate doubles as the push client certificate unless another is named.
  const pushCert = file(env, 'WASL_TLS_PUSH_CERT') ?? inbound?.certFile;
  const pushKey = file(env, 'WASL_TLS_PUSH_KEY') ?? (env.WASL_TLS_PUSH_CERT ? undefined : inbound?.keyFile);
  if ((pushCert === undefined) !== (pushKey === undefined)) {
    throw new TlsConfigError(pushCert === undefined ? 'WASL_TLS_PUSH_CERT' : 'WASL_TLS_PUSH_KEY', 'WASL_TLS_PUSH_CERT and WASL_TLS_PUSH_KEY go together');
  }
  return { inbound, outbound: { certFile: pushCert, keyFile: pushKey, caFile: file(env, 'WASL_TLS_PUSH_CA') } };
}

function file(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const path = resolve(raw);
  if (!existsSync(path)) throw new TlsConfigError(name, `no such file: ${path}`);
  return path;
}
