/**
 * Push delivery to one payer. Each payer has its own worker, its own circuit breaker and its own
 * attempts in flight, so a payer that is slow or down only ever delays its own messages.
 *
 * The worker leases from the payer's queue exactly as a poll would (so a push payer can also
 * poll: that is the fallback while its endpoint is down) and POSTs each leased message:
 *   - 2xx with a message Bundle: the payer answered synchronously; the answer is routed as if
 *     the payer had posted it (which removes the request from the queue), then acknowledged;
 *   - 2xx with anything else: the payer took the message and will answer later; acknowledged;
 *   - timeout, network error, non-2xx: a failure for the breaker; the same message is retried
 *     after a backoff while its lease holds, and otherwise left leased, to be handed out again
 *     (same Bundle.id) once the lease expires. While the breaker is open nothing is sent.
 * A 2xx is the payer's acknowledgement (SPEC section 6: removed "when acknowledged ... or the
 * payer's response"), whatever becomes of an answer it carried: an invalid answer is the
 * exchange's to report, and keeping the request would only push it again and again.
 */
import { asArray, asObject, asString } from '../../fhir/json.js';
import type { GatewayStore, QueueEntry } from '../../store/ports.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { CircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.js';
import { Doorbell, pause } from './doorbell.js';
import { PUSH_FAILURES } from './errors.js';
import { postMessage, type FetchLike } from './post-message.js';
import type { PayerPushStats, PushEvent, PushHeaders, PushLogger, PushTarget, SubmitAnswer } from './types.js';

/** What every worker shares: settled once by `PushDelivery`. */
export interface WorkerContext {
  readonly store: GatewayStore;
  readonly submitAnswer: SubmitAnswer;
  readonly leaseMs: number;
  readonly attemptTimeoutMs: number;
  readonly backoff: BackoffOptions;
  readonly breaker: Omit<CircuitBreakerOptions, 'now'>;
  /** Attempts in flight at once per payer. */
  readonly concurrency: number;
  readonly maxAnswerBytes: number;
  readonly fetch: FetchLike;
  readonly headers?: PushHeaders;
  readonly log?: PushLogger;
  readonly observe?: (event: PushEvent) => void;
  readonly now: () => number;
  /**
   * Refusals of one message by a reachable payer (an HTTP 4xx other than 408/425/429) after which it
   * is dead-lettered (WASL_MAX_DELIVERIES) instead of pushed again; undefined: no bound. Outages
   * (timeouts, network errors, 5xx) never count: the payer never saw the message.
   */
  readonly maxRefusals?: number;
}

/** Refusal counts kept per message; a bound, so messages acknowledged elsewhere cannot grow the map. */
const MAX_TRACKED_REFUSALS = 10_000;

/** The payer answered and said no to this message itself: retrying the same bytes cannot help. */
function isRefusal(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 425 && status !== 429;
}

export class PayerWorker {
  readonly licence: string;
  #endpoint: string;
  /** Bundle.id → refusals so far (see WorkerContext.maxRefusals). */
  readonly #refusals = new Map<string, number>();
  readonly #ctx: WorkerContext;
  readonly #breaker: CircuitBreaker;
  readonly #bell = new Doorbell();
  readonly #stop = new AbortController();
  readonly #inFlight = new Set<Promise<void>>();
  #loop: Promise<void> | undefined;
  #reportedState: BreakerState = 'closed';
  #delivered = 0;
  #failedAttempts = 0;

  constructor(target: PushTarget, ctx: WorkerContext) {
    this.licence = target.licence;
    this.#endpoint = target.endpoint;
    this.#ctx = ctx;
    this.#breaker = new CircuitBreaker({ ...ctx.breaker, now: ctx.now });
  }

  /** The registry may change a payer's endpoint while it runs; the next attempt uses the new one. */
  set endpoint(endpoint: string) {
    this.#endpoint = endpoint;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Something may be waiting in the queue: look now rather than at the next sweep. */
  wake(): void {
    this.#bell.ring();
  }

  /** Aborts attempts in flight (their messages stay leased, to be handed out again) and waits for the worker to end. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
  }

  stats(): PayerPushStats {
    return {
      licence: this.licence,
      endpoint: this.#endpoint,
      state: this.#breaker.state,
      consecutiveFailures: this.#breaker.consecutiveFailures,
      delivered: this.#delivered,
      failedAttempts: this.#failedAttempts,
      inFlight: this.#inFlight.size,
    };
  }

  async #run(): Promise<void> {
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      const seen = this.#bell.generation;
      const { count, probe } = this.#acquire(this.#ctx.concurrency - this.#inFlight.size);
      if (count === 0) {
        // All lanes busy, or the breaker is open: wait for an attempt to end or the cool-down to pass.
        const reopensAt = this.#breaker.reopensAt;
        await this.#bell.wait(seen, stop, reopensAt === undefined ? undefined : reopensAt - this.#ctx.now());
        continue;
      }
      const entries = await this.#lease(count);
      if (probe && entries.length === 0) this.#breaker.releaseProbe();
      for (const entry of entries) this.#track(this.#deliver(entry));
      // Nothing to send: sleep until a message is queued for this payer or the sweep comes round.
      if (entries.length === 0) await this.#bell.wait(seen, stop);
    }
    await Promise.all(this.#inFlight);
  }

  /** Up to `wanted` permits: all of them while closed, the single probe while half-open, none while open. */
  #acquire(wanted: number): { count: number; probe: boolean } {
    let count = 0;
    while (count < wanted) {
      const permit = this.#breaker.tryAcquire();
      if (permit === 'denied') break;
      count += 1;
      if (permit === 'probe') {
        this.#report();
        return { count, probe: true };
      }
    }
    return { count, probe: false };
  }

  async #lease(count: number): Promise<QueueEntry[]> {
    try {
      return await this.#ctx.store.lease(this.licence, { count, leaseMs: this.#ctx.leaseMs });
    } catch (cause) {
      // The store is down: nothing can be delivered; the sweep tries again.
      this.#ctx.log?.warn({ payer: this.licence, err: cause }, 'push: could not lease from the queue');
      return [];
    }
  }

  #track(attempt: Promise<void>): void {
    const tracked = attempt
      .catch((cause: unknown) => this.#ctx.log?.error({ payer: this.licence, err: cause }, 'push: delivery failed unexpectedly'))
      .finally(() => {
        this.#inFlight.delete(tracked);
        this.#bell.ring();
      });
    this.#inFlight.add(tracked);
  }

  /** Pushes one leased message, retrying with backoff while its lease holds and the breaker lets it. */
  async #deliver(entry: QueueEntry): Promise<void> {
    const stop = this.#stop.signal;
    for (let attempt = 1; ; attempt += 1) {
      const result = await postMessage({
        endpoint: this.#endpoint,
        message: entry.message,
        timeoutMs: this.#ctx.attemptTimeoutMs,
        stop,
        maxAnswerBytes: this.#ctx.maxAnswerBytes,
        fetch: this.#ctx.fetch,
        ...(this.#ctx.headers ? { headers: this.#ctx.headers(entry.message, this.licence) } : {}),
      });
      if (result.ok) {
        this.#breaker.succeeded();
        this.#report();
        await this.#settle(entry, result.body, attempt);
        return;
      }
      // Shutting down is not the payer's fault; the message stays leased and is handed out again.
      if (result.failure.code === PUSH_FAILURES.aborted) return;
      const refused = isRefusal(result.failure.status);
      if (refused && (await this.#refusedTooOften(entry, result.failure.status as number))) return;
      // A refusal says the payer is up: only outages open the breaker, so one poison message cannot block the rest.
      if (refused) this.#breaker.succeeded();
      else this.#breaker.failed();
      this.#failedAttempts += 1;
      this.#report();
      const delay = backoffDelay(attempt, this.#ctx.backoff);
      // Retrying after the lease ran out could race a redelivery of the same message: leave it to the queue.
      const retry = this.#ctx.now() + delay + this.#ctx.attemptTimeoutMs < entry.leaseUntil;
      this.#ctx.observe?.({
        type: 'attempt-failed',
        payer: this.licence,
        bundleId: entry.message.bundleId,
        attempt,
        failure: result.failure,
        ...(retry ? { retryInMs: delay } : {}),
      });
      this.#ctx.log?.warn(
        { payer: this.licence, bundleId: entry.message.bundleId, attempt, code: result.failure.code, status: result.failure.status, detail: result.failure.detail, retryInMs: retry ? delay : undefined, breaker: this.#breaker.state },
        'push: attempt failed',
      );
      if (!retry) return;
      await pause(delay, stop);
      if (stop.aborted) return;
      const permit = this.#breaker.tryAcquire();
      if (permit === 'denied') return; // the breaker opened: the message waits in the queue (or for the payer's poll)
      if (permit === 'probe') this.#report();
    }
  }

  /**
   * Counts a refusal of this message; at the bound the message leaves the live queue for the dead
   * letters (an operator's to-do, replayable; nothing is lost) and true is returned.
   */
  async #refusedTooOften(entry: QueueEntry, status: number): Promise<boolean> {
    const max = this.#ctx.maxRefusals;
    if (max === undefined) return false;
    const bundleId = entry.message.bundleId;
    const refusals = (this.#refusals.get(bundleId) ?? 0) + 1;
    if (refusals < max) {
      if (!this.#refusals.has(bundleId) && this.#refusals.size >= MAX_TRACKED_REFUSALS) this.#refusals.delete(this.#refusals.keys().next().value as string);
      this.#refusals.set(bundleId, refusals);
      return false;
    }
    this.#refusals.delete(bundleId);
    try {
      if (!(await this.#ctx.store.deadLetter(this.licence, bundleId))) return false;
    } catch (cause) {
      this.#ctx.log?.warn({ payer: this.licence, bundleId, err: cause }, 'push: could not dead-letter a refused message');
      return false;
    }
    this.#ctx.log?.warn({ payer: this.licence, bundleId, refusals, status }, 'push: the payer refused this message every time; dead-lettered (wasl queue dead-letters / replay)');
    this.#ctx.observe?.({ type: 'dead-lettered', payer: this.licence, bundleId, refusals });
    return true;
  }

  /** The payer took the message: route its answer if it gave one, then acknowledge the request. */
  async #settle(entry: QueueEntry, body: Buffer, attempts: number): Promise<void> {
    this.#refusals.delete(entry.message.bundleId);
    let answered = false;
    if (!isBlank(body)) {
      try {
        const reply = await this.#ctx.submitAnswer({ bytes: body, payer: this.licence });
        answered = reply !== undefined;
        if (reply !== undefined && !acknowledgedOk(reply)) {
          this.#ctx.log?.warn({ payer: this.licence, bundleId: entry.message.bundleId, status: reply.status }, 'push: the payer answered with a message the exchange did not accept');
        }
      } catch (cause) {
        // The gateway could not record the answer: the request stays leased and is pushed again
        // after the lease; the payer deduplicates by Bundle.id and answers again.
        this.#ctx.log?.error({ payer: this.licence, bundleId: entry.message.bundleId, err: cause }, 'push: could not record the payer\'s answer');
        return;
      }
    }
    try {
      // Usually a no-op after an answer (recording it removed the request); needed for the rest.
      await this.#ctx.store.ack(this.licence, [entry.message.bundleId]);
    } catch (cause) {
      // Not acknowledged: it will be pushed again after the lease, and the payer deduplicates.
      this.#ctx.log?.warn({ payer: this.licence, bundleId: entry.message.bundleId, err: cause }, 'push: could not acknowledge a delivered message');
    }
    this.#delivered += 1;
    this.#ctx.observe?.({ type: 'delivered', payer: this.licence, bundleId: entry.message.bundleId, attempts, answered });
  }

  /** Tells observers and the log when the breaker changed state (half-open shows when its probe goes out). */
  #report(): void {
    const state = this.#breaker.state;
    if (state === this.#reportedState) return;
    this.#reportedState = state;
    this.#ctx.observe?.({ type: 'breaker', payer: this.licence, state });
    this.#ctx.log?.[state === 'open' ? 'warn' : 'info']({ payer: this.licence, state, consecutiveFailures: this.#breaker.consecutiveFailures }, `push: circuit ${state}`);
  }
}

/** An empty answer (only whitespace): the payer took the message and will answer later. */
function isBlank(body: Buffer): boolean {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}

/** The exchange took the answer: HTTP 200 and an acknowledgement whose MessageHeader says `ok`. */
function acknowledgedOk(reply: { status: number; body: string }): boolean {
  if (reply.status !== 200) return false;
  try {
    const header = asObject(asObject(asArray(asObject(JSON.parse(reply.body))?.entry)[0])?.resource);
    return asString(asObject(header?.response)?.code) === 'ok';
  } catch {
    return false;
  }
}
