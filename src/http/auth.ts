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
import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { notProcessable, type NotProcessable } from '../findings/not-processable.js';
import type { Caller } from '../routing/directory.js';
import type { Participant, ParticipantRole } from '../security/participants/participant.js';
import type { CertificateIdentity } from '../security/tls/client-certificate.js';
import { holdRefusal, rateLimited } from './plugins/rate-limit.js';

/** What the rest of a request needs of its authenticated participant. */
export type AuthenticatedParticipant = Pick<Participant, 'licence' | 'role' | 'status' | 'limits' | 'policy'>;

export type TokenCheck =
  | { ok: true; licence: string; role: string; participant: AuthenticatedParticipant }
  | { ok: false; code: string; reason: string };

export interface AccessTokenVerifier {
  verifyAccessToken(token: string): Promise<TokenCheck>;
  /** Mutual TLS (security/tls/client-certificate.ts); absent: bearer tokens only. */
  identifyClientCertificate?(socket: Socket): CertificateIdentity;
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

/**
 * The authentication hook of every authenticated route: a client certificate (mutual TLS), a
 * bearer token, or both, which must then name the same participant (issue 13, item 2). Both paths
 * end in the same `request.caller` and `request.participant`. A certificate that is shown is always
 * judged, even beside a valid token: a foreign or revoked one is never ignored.
 */
export function bearerAuthentication(verifier: AccessTokenVerifier) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const from = performance.now();
    const certificate = verifier.identifyClientCertificate?.(request.raw.socket) ?? NO_CERTIFICATE;
    if (certificate.kind === 'refused') throw await authenticationFailed(request, certificate.reason, certificate.code);
    const token = bearerToken(request);
    let participant: AuthenticatedParticipant;
    if (token !== undefined) {
      const checked = await verifier.verifyAccessToken(token);
      if (!checked.ok) throw await authenticationFailed(request, checked.reason);
      if (certificate.kind === 'participant' && certificate.participant.licence !== checked.licence) {
        throw await authenticationFailed(request, `the client certificate is ${certificate.participant.licence}'s, the access token ${checked.licence}'s`, 'WASL_ERR_CREDENTIALS_MISMATCH');
      }
      participant = checked.participant;
    } else if (certificate.kind === 'participant') {
      participant = certificate.participant;
    } else {
      throw await authenticationFailed(request, 'no bearer token and no client certificate');
    }
    const required = participant.policy?.authentication ?? 'either';
    if (required === 'mtls' && certificate.kind !== 'participant') throw await authenticationFailed(request, `participant ${participant.licence} must present its client certificate`, 'WASL_ERR_CERTIFICATE_REQUIRED');
    if (required === 'token' && token === undefined) throw await authenticationFailed(request, `participant ${participant.licence} must present a bearer access token`, 'WASL_ERR_TOKEN_REQUIRED');
    if (participant.status === 'blocked') throw notProcessable(BLOCKED_CODES[participant.role], undefined, `participant ${participant.licence} is blocked`);
    request.caller = { licence: participant.licence };
    request.participant = participant;
    request.authenticateMs = performance.now() - from;
  };
}

const NO_CERTIFICATE: CertificateIdentity = Object.freeze({ kind: 'none' });

/**
 * A 401, or a 429 once the client's address has failed too often this minute (the root's rate
 * limiter, when there is one): no participant budget sees a flood of forged or missing tokens.
 */
async function authenticationFailed(request: FastifyRequest, reason: string, code = 'WASL_ERR_UNAUTHENTICATED'): Promise<NotProcessable> {
  const limiter = request.server.rateLimiter;
  if (limiter) {
    const decision = await limiter.authFailure(request.ip);
    if (!decision.ok) {
      await holdRefusal(limiter, decision);
      return rateLimited(decision, `address ${request.ip} (failed authentications)`);
    }
  }
  return notProcessable(code, undefined, reason);
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] || undefined;
}
