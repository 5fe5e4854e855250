/**
 * Bearer-token authentication for the authenticated routes (SPEC section 2, SMART Backend
 * Services). Registered as an `onRequest` hook inside the plugins that need it, so a missing
 * token is refused before the body is even read.
 *
 * The hook resolves the caller's participant record once (licence, role, status, limits) and
 * refuses a blocked participant on every route it guards (SPEC section 2: GE-00029 for a payer,
 * GE-00030 for a provider), so `$validate`, polls and `Subscription` are closed to it as well as
 * message submission. The record is left on the request for later hooks (the rate limit).
 */
import type { FastifyRequest } from 'fastify';
import { notProcessable, type NotProcessable } from '../findings/not-processable.js';
import type { Caller } from '../routing/directory.js';
import type { Participant, ParticipantRole } from '../security/participants/participant.js';
import { holdRefusal, rateLimited } from './plugins/rate-limit.js';

/** What the rest of a request needs of its authenticated participant. */
export type AuthenticatedParticipant = Pick<Participant, 'licence' | 'role' | 'status' | 'limits'>;

export type TokenCheck =
  | { ok: true; licence: string; role: string; participant: AuthenticatedParticipant }
  | { ok: false; code: string; reason: string };

export interface AccessTokenVerifier {
  verifyAccessToken(token: string): Promise<TokenCheck>;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
    /** Set by the authentication hook: the caller's current registry record. */
    participant?: AuthenticatedParticipant;
    /** Set by the authentication hook: milliseconds it took (the `authenticate` stage in `/metrics`). */
    authenticateMs?: number;
  }
}

/** A blocked account: the official code for payers and providers, Wasl's own for the other roles. */
export const BLOCKED_CODES: Readonly<Record<ParticipantRole, string>> = Object.freeze({
  payer: 'GE-00029',
  provider: 'GE-00030',
  regulator: 'WASL_ERR_PARTICIPANT_BLOCKED',
  admin: 'WASL_ERR_PARTICIPANT_BLOCKED',
});

export function bearerAuthentication(verifier: AccessTokenVerifier) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const from = performance.now();
    const token = bearerToken(request);
    if (token === undefined) throw await authenticationFailed(request, 'no bearer token');
    const checked = await verifier.verifyAccessToken(token);
    if (!checked.ok) throw await authenticationFailed(request, checked.reason);
    const { participant } = checked;
    if (participant.status === 'blocked') throw notProcessable(BLOCKED_CODES[participant.role], undefined, `participant ${participant.licence} is blocked`);
    request.caller = { licence: checked.licence };
    request.participant = participant;
    request.authenticateMs = performance.now() - from;
  };
}

/**
 * A 401, or a 429 once the client's address has failed too often this minute (the root's rate
 * limiter, when there is one): no participant budget sees a flood of forged or missing tokens.
 */
async function authenticationFailed(request: FastifyRequest, reason: string): Promise<NotProcessable> {
  const limiter = request.server.rateLimiter;
  if (limiter) {
    const decision = await limiter.authFailure(request.ip);
    if (!decision.ok) {
      await holdRefusal(limiter, decision);
      return rateLimited(decision, `address ${request.ip} (failed authentications)`);
    }
  }
  return notProcessable('WASL_ERR_UNAUTHENTICATED', undefined, reason);
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] || undefined;
}
