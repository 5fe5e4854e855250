/**
 * One access-log line per request (issue 10, item 9). Fastify's own request logging writes two
 * lines per request ('incoming request', 'request completed') and its request serializer would
 * print the URL with its query; it is switched off (`disableRequestLogging`) and this `onResponse`
 * hook, registered at the root, writes the one line instead.
 *
 * The line holds what an operator needs to follow a request and nothing a message carries: method,
 * path without the query, route, status, response time, request id and, once authenticated, the
 * caller's licence and role. Never a body, a header or a query string: messages and queries hold
 * patient identifiers (STYLE: no patient identifiers in logs). A path no route matched is the one
 * part of the line the caller writes freely (`/Patient/1234567890`), so long digit runs are masked there.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { excerpt } from '../findings/finding.js';

/** Characters of a path logged: routes are short; only a caller's invented path could be longer. */
const MAX_LOGGED_PATH = 200;

/** Characters of a request id logged: a UUID is 36. */
const MAX_LOGGED_ID = 100;

/** A run of digits long enough to be a national id, an iqama or a medical record number. */
const IDENTIFIER_LIKE = /\d{6,}/g;

export interface AccessLine {
  readonly method: string;
  readonly url: string;
  /** The route pattern that answered, or undefined when none matched (the not-found answer). */
  readonly route: string | undefined;
  readonly status: number;
  readonly responseTimeMs: number;
  readonly requestId: string;
  readonly caller?: string;
  readonly role?: string;
}

export function accessLine(request: FastifyRequest, reply: FastifyReply): AccessLine {
  const route = request.routeOptions.url;
  const path = request.url.split('?', 1)[0] ?? '';
  const url = route === undefined ? path.replace(IDENTIFIER_LIKE, '…') : path;
  const line: { -readonly [K in keyof AccessLine]: AccessLine[K] } = {
    method: request.method,
    url: excerpt(url, MAX_LOGGED_PATH),
    route,
    status: reply.statusCode,
    responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
    // The caller may choose it (X-Request-Id): bounded like any value quoted from a request.
    requestId: excerpt(request.id, MAX_LOGGED_ID),
  };
  if (request.caller) line.caller = request.caller.licence;
  if (request.participant) line.role = request.participant.role;
  return line;
}

/** Adds the hook at the root: every route, plugins included, the not-found answer too. */
export function installAccessLog(app: FastifyInstance): void {
  // The root logger, not request.log: the line names its request id once, as `requestId`.
  app.addHook('onResponse', async (request, reply) => {
    app.log.info(accessLine(request, reply), 'request');
  });
}
