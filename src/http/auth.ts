/**
 * Bearer-token authentication for the message routes (SPEC section 2, SMART Backend Services).
 * Registered as an `onRequest` hook inside the plugins that need it, so a missing token is
 * refused before the body is even read.
 */
import type { FastifyRequest } from 'fastify';
import { notProcessable } from '../findings/not-processable.js';
import type { Caller } from '../routing/directory.js';

export type TokenCheck = { ok: true; licence: string; role: string } | { ok: false; code: string; reason: string };

export interface AccessTokenVerifier {
  verifyAccessToken(token: string): Promise<TokenCheck>;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

export function bearerAuthentication(verifier: AccessTokenVerifier) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw notProcessable('WASL_ERR_UNAUTHENTICATED', undefined, 'no bearer token');
    const checked = await verifier.verifyAccessToken(match[1]);
    if (!checked.ok) throw notProcessable('WASL_ERR_UNAUTHENTICATED', undefined, checked.reason);
    request.caller = { licence: checked.licence };
  };
}
