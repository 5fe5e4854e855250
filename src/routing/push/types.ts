/** What push delivery is given and what it tells: targets, the answer hook, events, stats and logs. */
import type { StoredMessage } from '../../store/ports.js';
import type { BreakerState } from './circuit-breaker.js';
import type { PushFailure } from './errors.js';

/** A payer in `push` mode: where its messages are POSTed. */
export interface PushTarget {
  readonly licence: string;
  readonly endpoint: string;
}

/** A message Bundle the payer sent back in its HTTP answer, to be routed as if it had posted it. */
export interface PushedAnswer {
  /** The payer's HTTP answer exactly as received. */
  readonly bytes: Buffer;
  readonly payer: string;
}

/**
 * Routes a payer's synchronous answer through the exchange with the payer as the caller. Resolves
 * with what the payer would have received (any status); rejects only when the gateway itself
 * could not take the answer (store unavailable): the request is then pushed again later.
 */
export type SubmitAnswer = (answer: PushedAnswer) => Promise<{ readonly status: number; readonly body: string } | undefined>;

export type PushEvent =
  | {
      readonly type: 'delivered';
      readonly payer: string;
      readonly bundleId: string;
      /** Attempts it took within this lease (1 = first try). */
      readonly attempts: number;
      /** The payer answered in its HTTP response (rather than accepting it to answer later). */
      readonly answered: boolean;
    }
  | {
      readonly type: 'attempt-failed';
      readonly payer: string;
      readonly bundleId: string;
      readonly attempt: number;
      readonly failure: PushFailure;
      /** The backoff before the next attempt; absent when the message is left to be handed out again after its lease. */
      readonly retryInMs?: number;
    }
  | { readonly type: 'breaker'; readonly payer: string; readonly state: BreakerState }
  /** A reachable payer refused the message WASL_MAX_DELIVERIES times: moved to the dead letters. */
  | { readonly type: 'dead-lettered'; readonly payer: string; readonly bundleId: string; readonly refusals: number };

/** Per payer, for `/metrics`. */
export interface PayerPushStats {
  readonly licence: string;
  readonly endpoint: string;
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  /** Messages the payer took (a 2xx), since start. */
  readonly delivered: number;
  /** Attempts that timed out, failed to connect or got a non-2xx, since start. */
  readonly failedAttempts: number;
  readonly inFlight: number;
}

/** The part of pino (and Fastify's `app.log`) push delivery uses. */
export interface PushLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Extra HTTP headers for one pushed message (e.g. its detached JWS signature, SPEC section 7). */
export type PushHeaders = (message: StoredMessage, payer: string) => Readonly<Record<string, string>>;
