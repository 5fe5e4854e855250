/**
 * Mutual TLS outbound (issue 13, item 3): the connections the gateway opens to push payers and
 * rest-hooks present its client certificate and accept the receiver's server certificate only
 * when it chains to WASL_TLS_PUSH_CA (Node's default roots when unset) with a matching host name,
 * or when its SHA-256 fingerprint is pinned in the payer's registry record
 * (`delivery.serverCertificateSha256`).
 *
 * The check runs after the handshake and before a single byte of the request is written: the
 * socket is handed to the HTTP client only once it has passed (an async `createConnection`), so a
 * refused receiver never sees the message. OpenSSL cannot do it alone, since a pin must admit a
 * certificate the CA does not vouch for.
 */
import { readFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { Participant } from '../participants/participant.js';
import type { OutboundTlsConfig } from './config.js';
import { TLS_FLOOR } from './server-options.js';

/** Why a receiver's server certificate was refused; carried as the socket error's `code`. */
export const SERVER_CERTIFICATE_REFUSED = 'WASL_ERR_TLS_SERVER_UNTRUSTED';

export interface OutboundCredentials {
  readonly cert?: Buffer;
  readonly key?: Buffer;
  /** Undefined: Node's default root certificates. */
  readonly ca?: Buffer;
}

export function loadOutboundCredentials(config: OutboundTlsConfig): OutboundCredentials {
  return {
    ...(config.certFile && config.keyFile ? { cert: readFileSync(config.certFile), key: readFileSync(config.keyFile) } : {}),
    ...(config.caFile ? { ca: readFileSync(config.caFile) } : {}),
  };
}

export class ServerCertificateRefused extends Error {
  readonly code = SERVER_CERTIFICATE_REFUSED;
  constructor(reason: string) {
    super(`server certificate refused: ${reason}`);
    this.name = 'ServerCertificateRefused';
  }
}

type ConnectCallback = (problem: Error | null, socket?: Socket) => void;

/**
 * An async `createConnection` for node:http(s) requests: TLS with the gateway's credential, the
 * socket passed on only after the server certificate is accepted. `lookup` (a pinned address,
 * subscriptions/endpoint-guard.ts) is kept.
 */
export function verifiedTlsConnection(credentials: OutboundCredentials, pins: readonly string[] = []) {
  return (options: RequestOptions, callback: ConnectCallback): undefined => {
    const host = options.hostname ?? options.host ?? 'localhost';
    const bare = host.startsWith('[') ? host.slice(1, -1) : host;
    const socket = connect({
      ...TLS_FLOOR,
      host: bare,
      port: Number(options.port ?? 443),
      servername: options.servername ?? (/^[\d.]+$|:/.test(bare) ? undefined : bare),
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...credentials,
      rejectUnauthorized: false,
    } as ConnectionOptions);
    let settled = false;
    const fail = (problem: Error): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      callback(problem);
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const problem = serverCertificateProblem(socket, pins);
      if (problem) return fail(new ServerCertificateRefused(problem));
      settled = true;
      socket.removeListener('error', fail);
      callback(null, socket);
    });
    return undefined;
  };
}

/** Undefined when the receiver is trusted: chained to the CA with its host name, or pinned. */
export function serverCertificateProblem(socket: TLSSocket, pins: readonly string[]): string | undefined {
  const fingerprint = socket.getPeerCertificate()?.fingerprint256;
  if (fingerprint && pins.includes(fingerprint)) return undefined;
  // `authorized` covers the chain and, through checkServerIdentity, the host name.
  if (socket.authorized) return undefined;
  return `${String(socket.authorizationError ?? 'not verified')}${pins.length > 0 ? ' and not the pinned certificate' : ''}`;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A `fetch` for push delivery: https URLs go over node:https with `verifiedTlsConnection`, a fresh
 * connection each time (a pooled socket would skip the check after a pin changed); http URLs go to
 * the global fetch unchanged. Failures reject as undici's do (`TypeError` with the socket error as
 * `cause`), so push/errors.ts classifies a refused certificate as a network failure: an outage,
 * retried with backoff, never a delivery.
 */
export function mutualTlsFetch(credentials: OutboundCredentials, pinsFor: (url: string) => readonly string[]): FetchLike {
  return (input, init) => {
    const url = new URL(input);
    if (url.protocol !== 'https:') return fetch(input, init);
    return new Promise<Response>((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: init.method ?? 'GET',
          headers: { ...(init.headers as Record<string, string> | undefined) },
          ...(init.signal ? { signal: init.signal } : {}),
          createConnection: verifiedTlsConnection(credentials, pinsFor(input)) as unknown as RequestOptions['createConnection'],
        },
        (response) => {
          const status = response.statusCode ?? 502;
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
          }
          // A null-body status must not be given a body (the Response constructor throws).
          const nullBody = status === 204 || status === 205 || status === 304;
          if (nullBody) response.resume();
          resolve(new Response(nullBody ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>), { status, statusText: response.statusMessage ?? '', headers }));
        },
      );
      outgoing.on('error', (problem) => reject(new TypeError('fetch failed', { cause: problem })));
      outgoing.end(init.body as string | Buffer | undefined);
    });
  };
}

/**
 * The pins of the push payers registered at this endpoint, read from the registry at each attempt,
 * so a pin changed in the registry applies to the next push without a restart.
 */
export function pushEndpointPins(registry: { list(): readonly Participant[] }): (url: string) => string[] {
  return (url) =>
    registry.list().flatMap((p) => (p.role === 'payer' && p.delivery.mode === 'push' && p.delivery.endpoint === url && p.delivery.serverCertificateSha256 ? [p.delivery.serverCertificateSha256] : []));
}
