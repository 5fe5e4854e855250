/**
 * Push delivery (SPEC section 6): payers in `push` mode receive each message by an HTTP POST to
 * their `$process-message` endpoint, with retries and exponential backoff, a circuit breaker per
 * payer so that one offline payer never slows the others, and their queue as the fallback.
 *
 * Nothing here holds a message: the queue does. Workers lease, as a poll would, so at-least-once
 * delivery, redelivery after a lease and deduplication by Bundle.id work exactly as for polling,
 * and several gateway instances (each running its own workers over a shared store) never push the
 * same leased message twice at once. Each instance keeps its own breakers: a payer that is down
 * gets at most one probe per cool-down from each instance.
 */
import type { GatewaySignals, GatewayStore } from '../../store/ports.js';
import type { BackoffOptions } from './backoff.js';
import { PushConfigError } from './errors.js';
import { PayerWorker, type WorkerContext } from './payer-worker.js';
import type { FetchLike } from './post-message.js';
import type { PayerPushStats, PushEvent, PushHeaders, PushLogger, PushTarget, SubmitAnswer } from './types.js';

export interface PushDeliveryOptions {
  readonly store: GatewayStore;
  readonly signals: GatewaySignals;
  /** The active payers in `push` mode; read at start and on every sweep, so registry changes apply. */
  readonly targets: () => readonly PushTarget[];
  readonly submitAnswer: SubmitAnswer;
  /** How long a pushed message is leased; longer than one attempt, so a lease never lapses mid-attempt. */
  readonly leaseMs: number;
  /** Time allowed for one POST, answer included. Default 5 s. */
  readonly attemptTimeoutMs?: number;
  /** Default: 250 ms doubling up to 30 s, full jitter. */
  readonly backoff?: BackoffOptions;
  /** Default: open after 5 consecutive failures, probe again after 30 s. */
  readonly breaker?: { readonly failureThreshold: number; readonly openMs: number };
  /** How often workers look at their queues unprompted (redeliveries after a lease) and targets are re-read. Default 1 s. */
  readonly sweepMs?: number;
  /** Refusals (HTTP 4xx) of one message after which it is dead-lettered (see WorkerContext.maxRefusals); default: no bound. */
  readonly maxRefusals?: number;
  /** Attempts in flight at once per payer. Default 4. */
  readonly concurrency?: number;
  /** Largest answer read from a payer. Default 10 MB (BV-00076). */
  readonly maxAnswerBytes?: number;
  readonly headers?: PushHeaders;
  readonly fetch?: FetchLike;
  readonly log?: PushLogger;
  /** Told of every delivery, failed attempt and breaker change (metrics, tests). */
  readonly observe?: (event: PushEvent) => void;
  readonly now?: () => number;
}

export const PUSH_DEFAULTS = {
  attemptTimeoutMs: 5000,
  backoff: { baseMs: 250, maxMs: 30_000 },
  breaker: { failureThreshold: 5, openMs: 30_000 },
  sweepMs: 1000,
  concurrency: 4,
  maxAnswerBytes: 10 * 1024 * 1024,
} as const;

export class PushDelivery {
  readonly #o: PushDeliveryOptions;
  readonly #ctx: WorkerContext;
  readonly #sweepMs: number;
  readonly #workers = new Map<string, PayerWorker>();
  /** Workers of payers that left push mode, finishing their attempts in flight. */
  readonly #retiring = new Set<Promise<void>>();
  #unsubscribe: (() => void) | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: PushDeliveryOptions) {
    const attemptTimeoutMs = options.attemptTimeoutMs ?? PUSH_DEFAULTS.attemptTimeoutMs;
    if (options.leaseMs <= attemptTimeoutMs) {
      throw new PushConfigError('leaseMs', `must be longer than the attempt timeout (${attemptTimeoutMs} ms), got ${options.leaseMs} ms`);
    }
    const concurrency = options.concurrency ?? PUSH_DEFAULTS.concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new PushConfigError('concurrency', `must be a whole number of at least 1, got ${concurrency}`);
    this.#o = options;
    this.#sweepMs = options.sweepMs ?? PUSH_DEFAULTS.sweepMs;
    this.#ctx = {
      store: options.store,
      submitAnswer: options.submitAnswer,
      leaseMs: options.leaseMs,
      attemptTimeoutMs,
      backoff: options.backoff ?? PUSH_DEFAULTS.backoff,
      breaker: options.breaker ?? PUSH_DEFAULTS.breaker,
      concurrency,
      maxAnswerBytes: options.maxAnswerBytes ?? PUSH_DEFAULTS.maxAnswerBytes,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      now: options.now ?? Date.now,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.observe ? { observe: options.observe } : {}),
      ...(options.maxRefusals !== undefined ? { maxRefusals: options.maxRefusals } : {}),
    };
  }

  /** Starts a worker per push payer, woken by queue signals and by the sweep. */
  start(): void {
    if (this.#unsubscribe || this.#closing) return;
    this.#unsubscribe = this.#o.signals.onQueued((signal) => this.#workers.get(signal.recipient)?.wake());
    this.#refreshTargets();
    this.#sweep = setInterval(() => {
      this.#refreshTargets();
      for (const worker of this.#workers.values()) worker.wake();
    }, this.#sweepMs);
    // The sweep alone must not keep a process alive that has nothing else to do.
    this.#sweep.unref();
  }

  stats(): PayerPushStats[] {
    return [...this.#workers.values()].map((worker) => worker.stats());
  }

  /**
   * Stops promptly: no new attempts, attempts in flight aborted (their messages stay leased and
   * are handed out again after the lease), answers already being recorded finish.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#sweep);
      this.#unsubscribe?.();
      await Promise.all([...[...this.#workers.values()].map((worker) => worker.stop()), ...this.#retiring]);
      this.#workers.clear();
    })();
    return this.#closing;
  }

  /** Starts workers for new push payers, points moved ones at their new endpoint, stops those gone. */
  #refreshTargets(): void {
    let targets: readonly PushTarget[];
    try {
      targets = this.#o.targets();
    } catch (cause) {
      this.#o.log?.error({ err: cause }, 'push: could not read the push payers; keeping the current ones');
      return;
    }
    const wanted = new Map(targets.map((target) => [target.licence, target]));
    for (const [licence, worker] of this.#workers) {
      if (wanted.has(licence)) continue;
      this.#workers.delete(licence);
      const stopping = worker.stop().finally(() => this.#retiring.delete(stopping));
      this.#retiring.add(stopping);
    }
    for (const target of wanted.values()) {
      const existing = this.#workers.get(target.licence);
      if (existing) {
        existing.endpoint = target.endpoint;
        continue;
      }
      const worker = new PayerWorker(target, this.#ctx);
      this.#workers.set(target.licence, worker);
      worker.start();
    }
  }
}
