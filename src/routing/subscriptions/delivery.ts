/**
 * One POST of one notification to a rest-hook endpoint: the only I/O of the notifier. Success is
 * a 2xx answer inside the timeout; anything else is a `NotificationFailed` value, never thrown,
 * so the retry loop decides what to do with it.
 *
 * Before every POST the endpoint goes through the guard (endpoint-guard.ts) and the subscriber's
 * headers through the header rule (headers.ts); a refusal is final and nothing is sent. The POST
 * itself uses node:http with the checked address pinned as the socket's `lookup`, on a fresh
 * connection (no pooled socket from an earlier check), and never follows a redirect: a 3xx is a
 * non-2xx answer like any other, so a hook cannot bounce the gateway to an address it did not check.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { NOTIFICATION_MEDIA_TYPE } from './conventions.js';
import { ENDPOINT_DENIED, pinnedLookup, type EndpointGuard, type ResolvedAddress } from './endpoint-guard.js';
import type { FailureKind } from './failure.js';
import { SERVER_CERTIFICATE_REFUSED, verifiedTlsConnection, type OutboundCredentials } from '../../security/tls/outbound.js';
import { HEADER_DENIED, subscriberHeaders } from './headers.js';

export const NOTIFICATION_FAILED = 'WASL_ERR_NOTIFICATION_FAILED';

/** Why a notification did not arrive: the endpoint answered non-2xx, timed out, could not be reached, or was refused. */
export class NotificationFailed extends Error {
  constructor(
    readonly subscriptionId: string,
    /** What failed, from the closed set `$status` and the log use. */
    readonly kind: FailureKind,
    readonly reason: string,
    readonly httpStatus?: number,
    /** NOTIFICATION_FAILED, or the refusal's code (ENDPOINT_DENIED, HEADER_DENIED). */
    readonly code: string = NOTIFICATION_FAILED,
  ) {
    super(`notification for Subscription/${subscriptionId} failed: ${reason}`);
    this.name = 'NotificationFailed';
  }

  /** A refusal by policy: retrying cannot change it, and nothing was sent. */
  get refused(): boolean {
    return this.code !== NOTIFICATION_FAILED;
  }
}

export interface DeliveryTarget {
  readonly id: string;
  readonly endpoint: string;
  /** `Name: value` lines from Subscription.channel.header, checked when subscribing and again here. */
  readonly headers: readonly string[];
}

export interface DeliveryOptions {
  readonly guard: EndpointGuard;
  readonly timeoutMs: number;
  /** Aborted when the notifier closes: an in-flight POST stops at once. */
  readonly cancel: AbortSignal;
  /** Mutual TLS to https hooks (security/tls/outbound.ts): the gateway's certificate, and the CA hooks must chain to. */
  readonly tls?: OutboundCredentials | undefined;
}

export async function deliver(target: DeliveryTarget, body: string, options: DeliveryOptions): Promise<NotificationFailed | undefined> {
  const headers = subscriberHeaders(target.headers);
  // A refused header is a refusal to call the hook as configured, like a refused endpoint.
  if (!headers.ok) return new NotificationFailed(target.id, 'endpoint-denied', headers.reason, undefined, HEADER_DENIED);
  const checked = await options.guard.check(target.endpoint);
  if (checked.kind === 'denied') return new NotificationFailed(target.id, 'endpoint-denied', checked.reason, undefined, ENDPOINT_DENIED);
  if (checked.kind === 'unresolved') return new NotificationFailed(target.id, 'dns', checked.reason);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    const status = await post(checked.url, checked.address, [...headers.headers, ['content-type', `${NOTIFICATION_MEDIA_TYPE}; charset=utf-8`]], body, AbortSignal.any([options.cancel, timeout]), options.tls);
    return status >= 200 && status < 300 ? undefined : new NotificationFailed(target.id, 'http-status', `endpoint answered HTTP ${status}`, status);
  } catch (problem) {
    if (timeout.aborted) return new NotificationFailed(target.id, 'timeout', `no answer within ${options.timeoutMs} ms`);
    if (options.cancel.aborted) return new NotificationFailed(target.id, 'other', 'the gateway is closing');
    const code = describe(problem);
    const kind = kindOf(code);
    return new NotificationFailed(target.id, kind, kind === 'connection-refused' ? `connection refused (${code})` : `endpoint unreachable (${code})`);
  }
}

/** Node's socket, DNS and TLS error codes, sorted into the closed set. */
function kindOf(code: string): FailureKind {
  if (code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') return 'dns';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  if (/^(ERR_TLS|ERR_SSL|ERR_OSSL|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/.test(code) || code === 'EPROTO' || code === SERVER_CERTIFICATE_REFUSED) return 'tls';
  return 'other';
}

/** POSTs `body` to `url` over a socket connected to `address` only; resolves with the status code. */
function post(url: URL, address: ResolvedAddress, headers: readonly [string, string][], body: string, signal: AbortSignal, tls?: OutboundCredentials): Promise<number> {
  const payload = Buffer.from(body, 'utf8');
  const outgoing: Record<string, string> = { 'content-length': String(payload.length) };
  for (const [name, value] of headers) outgoing[name.toLowerCase()] = value;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // With TLS credentials the socket comes from verifiedTlsConnection (no agent: it would ignore it), still on the pinned address.
    const connection = tls && url.protocol === 'https:' ? { createConnection: verifiedTlsConnection(tls) as never } : { agent: false as const };
    const outbound = request(url, { method: 'POST', headers: outgoing, signal, ...connection, lookup: pinnedLookup(address) }, (response: IncomingMessage) => {
      // The answer's body means nothing to us; drop the connection instead of reading it.
      response.destroy();
      resolve(response.statusCode ?? 0);
    });
    outbound.on('error', reject);
    outbound.end(payload);
  });
}

function describe(problem: unknown): string {
  const code = (problem as { code?: unknown }).code;
  return typeof code === 'string' ? code : (problem as Error).message;
}
