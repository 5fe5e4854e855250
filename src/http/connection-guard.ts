/**
 * The HTTP listener's guards against slow and idle clients (issue 9, hardening, item 12), and
 * answers common clients can read when a body is refused for its size (item 13).
 *
 * Node closes a connection whose headers take longer than `headersTimeout` (counted from the
 * connection, so an idle socket that never sends a byte goes too), whose request takes longer
 * than `requestTimeout`, or that sits idle between requests longer than `keepAliveTimeout`;
 * `connectionTimeout` closes a socket silent in both directions for as long as the request
 * timeout, which config.ts keeps longer than any wait the gateway holds a request for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import type { ConnectionConfig } from '../config.js';
import type { CodeCatalogue } from '../findings/catalogue.js';
import { operationOutcome } from '../fhir/responses.js';

/** Fastify's listener options for the configured timeouts. */
export function listenerOptions(c: ConnectionConfig): Pick<FastifyServerOptions, 'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout'> & { http: { headersTimeout: number; connectionsCheckingInterval: number } } {
  return {
    requestTimeout: c.requestTimeoutMs,
    connectionTimeout: c.requestTimeoutMs,
    keepAliveTimeout: c.keepAliveTimeoutMs,
    // Node checks header and request timeouts every 30 s by default, so a 10 s limit would hold
    // a slow client for up to 40 s; check often enough that a limit means what it says.
    http: { headersTimeout: c.headersTimeoutMs, connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(c.headersTimeoutMs / 4))) },
  };
}

const CLIENT_ERRORS: Readonly<Record<string, { status: number; reason: string; code: string }>> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'WASL_ERR_REQUEST_TIMEOUT' },
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'WASL_ERR_HEADERS_TOO_LARGE' },
};

/**
 * Fastify's `clientErrorHandler`: a connection Node refuses before any route runs (timed out,
 * oversized headers, unparsable HTTP) gets a coded OperationOutcome, then is closed.
 */
export function clientErrorAnswer(catalogue: CodeCatalogue): (error: Error & { code?: string }, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const known = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, reason: 'Bad Request', code: 'GE-00013' };
    if (socket.writable) {
      const body = JSON.stringify(operationOutcome([{ code: known.code, severity: 'error', diagnostics: 'the HTTP request could not be completed' }], { catalogue, language: 'en' }));
      socket.write(
        `HTTP/1.1 ${known.status} ${known.reason}\r\nContent-Type: application/fhir+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

/**
 * An `Expect` header other than `100-continue`: Node's listener would answer a bare 417 with an
 * empty body before Fastify sees the request; every refusal is a coded OperationOutcome instead.
 */
export function expectationAnswer(catalogue: CodeCatalogue): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const expectation = String(request.headers.expect ?? '').slice(0, 100);
    const body = JSON.stringify(operationOutcome([{ code: 'WASL_ERR_EXPECTATION', severity: 'error', diagnostics: `unsupported Expect: ${expectation}` }], { catalogue, language: 'en' }));
    response.writeHead(417, { 'content-type': 'application/fhir+json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' }).end(body);
  };
}

/**
 * Reads and discards the rest of a refused request body (at most `budget` bytes), so the
 * answer can follow and the connection close gracefully: closing while the client still sends
 * makes Node's fetch (undici) fail with EPIPE instead of reading the 413. A body declared larger
 * than the budget is not waited for. The request timeout bounds the wait.
 */
export function drainRequest(raw: IncomingMessage, budget: number): Promise<void> {
  if (raw.complete || raw.readableEnded || raw.destroyed) return Promise.resolve();
  const declared = Number(raw.headers['content-length']);
  if (Number.isFinite(declared) && declared > budget) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (): void => {
      raw.removeListener('data', onData);
      raw.removeListener('end', finish);
      raw.removeListener('error', finish);
      raw.removeListener('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > budget) finish();
    };
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('error', finish);
    raw.once('close', finish);
    raw.resume();
  });
}
