/**
 * Rate limits (SPEC section 4, level 1: 429 with `Retry-After`; issue 9, item 10). Three budgets,
 * each a fixed one-minute window counted by a `RateCounter` (in memory for the embedded store,
 * in Redis when scaled out, so every instance spends the same budget):
 *
 * - per participant, on every authenticated route: the participant's own
 *   `limits.requestsPerMinute`, or the gateway default (`WASL_RATE_LIMIT_PER_MINUTE`);
 * - per client on `POST /auth/token`, keyed by the `client_id` (or the assertion's `iss`) it
 *   claims, counted before any signature is verified (`WASL_TOKEN_RATE_LIMIT_PER_MINUTE`);
 * - per client address on `POST /auth/token`, before the body is read, so a flood of made-up
 *   client ids is bounded too (`WASL_TOKEN_RATE_LIMIT_PER_IP_PER_MINUTE`);
 * - per client address for failed authentications on the authenticated routes (no token, a
 *   forged or expired one: `WASL_AUTH_FAILURES_PER_IP_PER_MINUTE`), the flood no participant
 *   budget can see.
 *
 * A fixed window can let through up to twice the limit across a window boundary; that is the
 * price of one counter per key and one round trip per request. Refusals are held for
 * `refusalDelayMs` (`WASL_RATE_LIMIT_DELAY_MS`) so a client that ignores Retry-After cannot make
 * the gateway spend its event loop answering 429s.
 */
import type { RateCounter } from '../store/rate-counter.js';
import type { ParticipantLimits } from './participants/participant.js';

export const RATE_WINDOW_MS = 60_000;

export interface RateLimitPolicy {
  /** Requests per minute on authenticated routes, for a participant whose record sets none. */
  readonly participantPerMinute: number;
  /** Token requests per minute per claimed client id. */
  readonly tokenPerClientPerMinute: number;
  /** Token requests per minute per client address. */
  readonly tokenPerAddressPerMinute: number;
  /** Failed authentications (401) per minute per client address. */
  readonly authFailuresPerAddressPerMinute: number;
  /** How long a refused request is held before its 429 (at most its Retry-After); 0: answered at once. */
  readonly refusalDelayMs: number;
}

export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly limit: number; readonly retryAfterSeconds: number };

const ALLOWED: RateDecision = Object.freeze({ ok: true });

export class RateLimiter {
  readonly #counter: RateCounter;
  readonly #policy: RateLimitPolicy;
  readonly #now: () => number;

  constructor(counter: RateCounter, policy: RateLimitPolicy, options: { now?: () => number } = {}) {
    this.#counter = counter;
    this.#policy = policy;
    this.#now = options.now ?? Date.now;
  }

  get policy(): RateLimitPolicy {
    return this.#policy;
  }

  /** One request of an authenticated participant. */
  participant(licence: string, limits: ParticipantLimits): Promise<RateDecision> {
    return this.#hit(`p:${licence}`, limits.requestsPerMinute ?? this.#policy.participantPerMinute);
  }

  /** One token request claiming to be `clientId` (not verified yet). */
  tokenClient(clientId: string): Promise<RateDecision> {
    return this.#hit(`tc:${clientId}`, this.#policy.tokenPerClientPerMinute);
  }

  /** One token request from `address`. */
  tokenAddress(address: string): Promise<RateDecision> {
    return this.#hit(`ta:${address}`, this.#policy.tokenPerAddressPerMinute);
  }

  /** One failed authentication from `address`. */
  authFailure(address: string): Promise<RateDecision> {
    return this.#hit(`af:${address}`, this.#policy.authFailuresPerAddressPerMinute);
  }

  async #hit(key: string, limit: number): Promise<RateDecision> {
    const { count, resetAt } = await this.#counter.hit(key, RATE_WINDOW_MS);
    if (count <= limit) return ALLOWED;
    return { ok: false, limit, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - this.#now()) / 1000)) };
  }
}
