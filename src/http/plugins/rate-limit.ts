/**
 * The per-participant rate limit (issue 9, item 10; SPEC section 4: 429 with `Retry-After`),
 * as one `preParsing` hook on the root instance. It runs on every route, after the route's own
 * `onRequest` authentication hook has resolved `request.participant`, and before the body is
 * read, so a participant over its budget costs one counter hit and no parsing. Routes without an
 * authenticated participant (health, metadata, keys, a scraper's static metrics secret) are not
 * counted here; `POST /auth/token` has its own budgets (plugins/token.ts).
 *
 * Cost per authenticated request: one in-memory map update with the embedded store, one Redis
 * round trip (EVALSHA of a three-command script) when scaled out. A refused request is held for
 * `WASL_RATE_LIMIT_DELAY_MS` before its 429 (see `holdRefusal`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notProcessable, type NotProcessable } from '../../findings/not-processable.js';
import type { RateDecision, RateLimiter } from '../../security/rate-limit.js';

export const RATE_LIMITED = 'WASL_ERR_RATE_LIMITED';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set on the root by `installRateLimit`, inherited by every plugin: the authentication hook counts failures with it. */
    rateLimiter?: RateLimiter;
  }
}

export function installRateLimit(app: FastifyInstance, limiter: RateLimiter): void {
  app.decorate('rateLimiter', limiter);
  app.addHook('preParsing', async (request: FastifyRequest) => {
    const participant = request.participant;
    if (participant === undefined) return;
    const decision = await limiter.participant(participant.licence, participant.limits);
    if (!decision.ok) {
      await holdRefusal(limiter, decision);
      throw rateLimited(decision, `participant ${participant.licence}`);
    }
  });
}

/**
 * A refused request is answered after `refusalDelayMs` (never later than its Retry-After): a
 * client that ignores Retry-After and resends at once, on N connections, is slowed to N requests
 * per delay instead of as many as the gateway can refuse. What a held request costs is one timer
 * on a connection the client holds open anyway; the listener's connection cap bounds them.
 */
export async function holdRefusal(limiter: RateLimiter, decision: Extract<RateDecision, { ok: false }>): Promise<void> {
  const delayMs = Math.min(limiter.policy.refusalDelayMs, decision.retryAfterSeconds * 1000);
  if (delayMs > 0) await sleep(delayMs);
}

/** The coded refusal: 429 (from the code catalogue) with Retry-After. */
export function rateLimited(decision: Extract<RateDecision, { ok: false }>, who: string): NotProcessable {
  return notProcessable(RATE_LIMITED, undefined, `${who} is over its limit of ${decision.limit} requests per minute`, decision.retryAfterSeconds);
}
