/**
 * The delivery lane of one subscription: its events go out in order, one notification at a time,
 * each retried with exponential backoff. The first failed attempt marks the subscription `error`
 * and records why and when the next attempt is due (failure.ts); a notification that still fails
 * after the last attempt is given up (at once when the guard refuses the endpoint), the next event
 * is tried afresh, and a success marks it `active` again and clears the record. Nothing here is ever
 * awaited by the message path: a notification is a hint, the message itself waits in the queue
 * until it is acknowledged.
 */
import type { SubscriptionRecord, SubscriptionStore } from '../../store/ports.js';
import type { SubscriptionAddresses } from './conventions.js';
import { deliver, type NotificationFailed } from './delivery.js';
import type { EndpointGuard } from './endpoint-guard.js';
import type { OutboundCredentials } from '../../security/tls/outbound.js';
import { deliveryFailure, type DeliveryFailure } from './failure.js';
import { notificationBundle, type NotificationEvent } from './status.js';

export interface RetryPolicy {
  /** Wait before the first retry; doubled before each further one. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Attempts per notification (the first one included) before it is given up. */
  readonly maxAttempts: number;
}

/** Time as the notifier sees it: injected so tests can run the backoff without waiting it out. */
export interface NotifierClock {
  now(): number;
  /** Resolves after `ms`, or at once when `cancel` is aborted. */
  sleep(ms: number, cancel: AbortSignal): Promise<void>;
}

export interface LaneContext {
  readonly store: SubscriptionStore;
  readonly addresses: SubscriptionAddresses;
  /** Checks the endpoint and pins its address before every POST. */
  readonly guard: EndpointGuard;
  /** The gateway's client certificate and the hooks' CA (mutual TLS); undefined: Node's defaults. */
  readonly tls?: OutboundCredentials | undefined;
  readonly clock: NotifierClock;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  /** Events waiting beyond this are dropped oldest first: the event numbers show the gap, the queue still holds the messages. */
  readonly maxPending: number;
  /** Events carried by one notification at most (the backport lets one notification carry several). */
  readonly maxEventsPerNotification: number;
  readonly cancel: AbortSignal;
  readonly onError: (problem: Error) => void;
  /** Once per failed attempt, with the record `$status` shows (for the log). */
  readonly onFailure: (subscription: SubscriptionRecord, failure: DeliveryFailure) => void;
  /** The subscription is gone from the store: the notifier drops the lane. */
  readonly onRetired: (id: string) => void;
}

export class DeliveryLane {
  readonly #ctx: LaneContext;
  #subscription: SubscriptionRecord;
  #eventCount: number;
  #status: SubscriptionRecord['status'];
  #pending: NotificationEvent[] = [];
  #running: Promise<void> = Promise.resolve();
  #sending = false;
  #saving: Promise<void> = Promise.resolve();
  #saveQueued = false;
  #retired = false;
  #lastError: DeliveryFailure | undefined;

  constructor(subscription: SubscriptionRecord, ctx: LaneContext) {
    this.#ctx = ctx;
    this.#subscription = subscription;
    this.#eventCount = subscription.eventCount;
    this.#status = subscription.status;
  }

  /** Why the last attempt failed and when the next is due, while the subscription is in `error`. */
  get lastError(): DeliveryFailure | undefined {
    return this.#lastError;
  }

  /** Takes a newer copy of the record (endpoint, headers); the lane's own counters stay authoritative. */
  refresh(subscription: SubscriptionRecord): void {
    this.#subscription = subscription;
  }

  add(event: Omit<NotificationEvent, 'eventNumber'>): void {
    if (this.#retired) return;
    this.#eventCount += 1;
    this.#pending.push({ ...event, eventNumber: this.#eventCount });
    if (this.#pending.length > this.#ctx.maxPending) this.#pending.shift();
    this.#persist();
    if (!this.#sending) {
      this.#sending = true;
      this.#running = this.#run().catch((problem: unknown) => this.#ctx.onError(problem as Error));
    }
  }

  retire(): void {
    this.#retired = true;
    this.#pending = [];
  }

  /** Settles once the lane has stopped sending and saving (after `cancel` is aborted or it runs dry). */
  async settled(): Promise<void> {
    await Promise.all([this.#running, this.#saving]);
  }

  async #run(): Promise<void> {
    try {
      while (this.#pending.length > 0 && !this.#retired && !this.#ctx.cancel.aborted) {
        const batch = this.#pending.splice(0, this.#ctx.maxEventsPerNotification);
        const outcome = await this.#sendWithRetries(batch);
        if (outcome === 'cancelled') return;
        // A failure was recorded (and the status set) at its attempt; a success clears it.
        if (outcome === 'delivered') {
          this.#lastError = undefined;
          this.#setStatus('active');
        }
      }
    } finally {
      // Cleared in the same step as the empty-queue check: an event added after it starts a new run.
      this.#sending = false;
    }
  }

  async #sendWithRetries(batch: readonly NotificationEvent[]): Promise<'delivered' | 'cancelled' | NotificationFailed> {
    const { retry, clock, cancel } = this.#ctx;
    let failure: NotificationFailed | undefined;
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt += 1) {
      if (attempt > 1) await clock.sleep(this.#delayBefore(attempt), cancel);
      if (this.#retired || cancel.aborted) return 'cancelled';
      failure = await deliver(this.#subscription, this.#body(batch), { guard: this.#ctx.guard, timeoutMs: this.#ctx.timeoutMs, cancel, tls: this.#ctx.tls });
      if (!failure) return 'delivered';
      if (cancel.aborted) return 'cancelled';
      this.#recordFailure(failure, attempt);
      this.#ctx.onError(failure);
      // A refused endpoint or header was never contacted; waiting will not change the policy.
      if (failure.refused) return failure;
    }
    return failure!;
  }

  /** Wait before attempt `attempt` (2 and later): doubled each time, capped. */
  #delayBefore(attempt: number): number {
    const { retry } = this.#ctx;
    return Math.min(retry.firstDelayMs * 2 ** (attempt - 2), retry.maxDelayMs);
  }

  #recordFailure(failure: NotificationFailed, attempt: number): void {
    const at = this.#ctx.clock.now();
    const retries = !failure.refused && attempt < this.#ctx.retry.maxAttempts;
    this.#lastError = deliveryFailure({
      code: failure.code,
      kind: failure.kind,
      httpStatus: failure.httpStatus,
      detail: failure.reason,
      at,
      attempt,
      nextRetryAt: retries ? at + this.#delayBefore(attempt + 1) : undefined,
      afterwards: `given up after ${attempt} attempt${attempt === 1 ? '' : 's'}; the next message queued is tried afresh`,
    });
    this.#setStatus('error');
    this.#ctx.onFailure(this.#subscription, this.#lastError);
  }

  #setStatus(status: SubscriptionRecord['status']): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#persist();
  }

  #body(batch: readonly NotificationEvent[]): string {
    const subscription = { ...this.#subscription, status: this.#status, eventCount: this.#eventCount };
    return JSON.stringify(notificationBundle({ subscription, type: 'event-notification', events: batch }, this.#ctx.addresses, this.#ctx.clock.now()));
  }

  /**
   * Saves the count and status, one write at a time and coalesced. The record is re-read first so
   * a subscription deleted meanwhile is not brought back by this write.
   */
  #persist(): void {
    if (this.#saveQueued) return;
    this.#saveQueued = true;
    this.#saving = this.#saving
      .then(async () => {
        this.#saveQueued = false;
        if (this.#retired) return;
        const current = await this.#ctx.store.findSubscription(this.#subscription.id);
        if (!current) {
          this.retire();
          this.#ctx.onRetired(this.#subscription.id);
          return;
        }
        await this.#ctx.store.saveSubscription({ ...current, eventCount: this.#eventCount, status: this.#status });
      })
      .catch((problem: unknown) => this.#ctx.onError(problem as Error));
  }
}
