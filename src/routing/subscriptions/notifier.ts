/**
 * Tells subscribers that a message landed in their queue (SPEC section 6, Notifications; R4
 * Subscriptions Backport rest-hook channel). `notify` is called on the message path right after
 * the queue write is committed and returns at once: the lookup, the POSTs and their retries run
 * behind it, so a slow or dead endpoint never delays an answer to anyone.
 *
 * Ordering: signals of one recipient are looked up one after another, and each subscription has
 * one delivery lane, so a subscriber sees its event numbers rise. One process numbers the events
 * of a subscription; with several gateway instances each numbers the messages queued through it,
 * and the shared record keeps the latest count written.
 */
import type { QueueSignal, SubscriptionRecord, SubscriptionStore } from '../../store/ports.js';
import { SubscriptionAddresses } from './conventions.js';
import { deliver, type NotificationFailed } from './delivery.js';
import { EndpointGuard } from './endpoint-guard.js';
import type { OutboundCredentials } from '../../security/tls/outbound.js';
import { deliveryFailure, FAILURE_LOG_MESSAGE, failureLogFields, type DeliveryFailure, type FailureLog } from './failure.js';
import { DeliveryLane, type NotifierClock, type RetryPolicy } from './lane.js';
import { notificationBundle } from './status.js';

export type { NotifierClock, RetryPolicy } from './lane.js';

export interface SubscriptionNotifierOptions {
  readonly store: SubscriptionStore;
  readonly publicUrl: string;
  /** Default `/fhir`: where Subscription resources are addressed. */
  readonly fhirBase?: string;
  /**
   * Which endpoints may be reached (default: no loopback, private, link-local or reserved address).
   * Give either a guard (tests inject a resolver) or the operator's WASL_SUBSCRIPTION_ALLOW_PRIVATE list.
   */
  readonly guard?: EndpointGuard;
  readonly allowPrivate?: readonly string[];
  /** Mutual TLS to https hooks: the gateway's client certificate and the CA hooks must chain to. */
  readonly tls?: OutboundCredentials | undefined;
  readonly clock?: NotifierClock;
  /** Per POST; default 5 s. */
  readonly timeoutMs?: number;
  /** Default: 1 s doubling up to 60 s, 8 attempts (about two minutes) per notification. */
  readonly retry?: Partial<RetryPolicy>;
  /** Per subscription; default 1,000. */
  readonly maxPending?: number;
  /** Default 100. */
  readonly maxEventsPerNotification?: number;
  /** Failed POSTs and store errors on the notification path (for the log); they never reach a sender. */
  readonly onError?: (problem: Error) => void;
  /**
   * Gets one warn line per failed handshake or notification attempt: subscription id, owner
   * licence, what failed, attempt and next retry; never the endpoint or the hook's headers.
   */
  readonly log?: FailureLog;
}

export const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 8 };
const DEFAULT_TIMEOUT_MS = 5_000;

/** Real time; timers do not keep the process alive, `close()` is what ends the work. */
export const systemClock: NotifierClock = {
  now: () => Date.now(),
  sleep: (ms, cancel) =>
    new Promise<void>((resolve) => {
      if (cancel.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        cancel.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      cancel.addEventListener('abort', done, { once: true });
    }),
};

export class SubscriptionNotifier {
  readonly addresses: SubscriptionAddresses;
  /** Also used by the Subscription endpoints, so subscribe time and delivery apply one policy. */
  readonly guard: EndpointGuard;
  readonly #store: SubscriptionStore;
  readonly #clock: NotifierClock;
  readonly #timeoutMs: number;
  readonly #tls: OutboundCredentials | undefined;
  readonly #onError: (problem: Error) => void;
  readonly #log: FailureLog | undefined;
  readonly #laneOptions: { retry: RetryPolicy; maxPending: number; maxEventsPerNotification: number };
  readonly #closing = new AbortController();
  readonly #lanes = new Map<string, DeliveryLane>();
  /** Failed handshakes, for `$status` until the subscription's lane has an answer of its own. */
  readonly #handshakeFailures = new Map<string, DeliveryFailure>();
  /** recipient → the tail of its lookups, so its signals fan out in the order they came. */
  readonly #lookups = new Map<string, Promise<void>>();

  constructor(options: SubscriptionNotifierOptions) {
    this.addresses = new SubscriptionAddresses(options.publicUrl, options.fhirBase ?? '/fhir');
    this.#store = options.store;
    this.guard = options.guard ?? new EndpointGuard({ allowPrivate: options.allowPrivate ?? [] });
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#tls = options.tls;
    this.#onError = options.onError ?? (() => undefined);
    this.#log = options.log;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#laneOptions = {
      retry: { ...retry, maxAttempts: Math.max(1, retry.maxAttempts) },
      maxPending: options.maxPending ?? 1_000,
      maxEventsPerNotification: Math.max(1, options.maxEventsPerNotification ?? 100),
    };
  }

  /** A message was committed to `signal.recipient`'s queue. Never throws, never waits. */
  notify(signal: QueueSignal): void {
    if (this.#closing.signal.aborted) return;
    const seenAt = this.#clock.now();
    const previous = this.#lookups.get(signal.recipient) ?? Promise.resolve();
    const next = previous.then(() => this.#fanOut(signal, seenAt)).catch((problem: unknown) => this.#onError(problem as Error));
    this.#lookups.set(signal.recipient, next);
    void next.finally(() => {
      if (this.#lookups.get(signal.recipient) === next) this.#lookups.delete(signal.recipient);
    });
  }

  /**
   * The backport handshake: one `handshake` notification, one attempt, so a new subscription
   * learns at once whether its endpoint answers. Returns why it failed, or `undefined`.
   */
  async handshake(subscription: SubscriptionRecord): Promise<NotificationFailed | undefined> {
    const body = notificationBundle({ subscription, type: 'handshake' }, this.addresses, this.#clock.now());
    const failed = await deliver(subscription, JSON.stringify(body), { guard: this.guard, timeoutMs: this.#timeoutMs, cancel: this.#closing.signal, tls: this.#tls });
    if (failed && !this.#closing.signal.aborted) {
      const failure = deliveryFailure({
        code: failed.code,
        kind: failed.kind,
        httpStatus: failed.httpStatus,
        detail: failed.reason,
        at: this.#clock.now(),
        attempt: 1,
        afterwards: 'the handshake is not retried; the next message queued for this subscription is tried',
      });
      this.#handshakeFailures.set(subscription.id, failure);
      this.#reportFailure(subscription, failure);
    }
    return failed;
  }

  /** The subscription was deleted: pending notifications for it are dropped and nothing more is saved. */
  forget(id: string): void {
    this.#lanes.get(id)?.retire();
    this.#lanes.delete(id);
    this.#handshakeFailures.delete(id);
  }

  /** Why the last handshake or notification attempt failed and when the next is due, for `$status`. */
  lastError(id: string): DeliveryFailure | undefined {
    const lane = this.#lanes.get(id);
    return lane ? lane.lastError : this.#handshakeFailures.get(id);
  }

  /** Stops at once: in-flight POSTs are aborted, waiting retries are dropped. The messages stay queued. */
  async close(): Promise<void> {
    this.#closing.abort();
    await Promise.allSettled([...this.#lookups.values()]);
    await Promise.allSettled([...this.#lanes.values()].map((lane) => lane.settled()));
  }

  async #fanOut(signal: QueueSignal, seenAt: number): Promise<void> {
    const subscriptions = await this.#store.subscriptionsOf(signal.recipient);
    for (const subscription of subscriptions) {
      if (subscription.status === 'off' || this.#closing.signal.aborted) continue;
      this.#laneOf(subscription).add({ timestamp: seenAt, bundleId: signal.bundleId, event: signal.event });
    }
  }

  #reportFailure(subscription: SubscriptionRecord, failure: DeliveryFailure): void {
    this.#log?.warn(failureLogFields(subscription, failure), FAILURE_LOG_MESSAGE);
  }

  #laneOf(subscription: SubscriptionRecord): DeliveryLane {
    const existing = this.#lanes.get(subscription.id);
    if (existing) {
      existing.refresh(subscription);
      return existing;
    }
    const lane = new DeliveryLane(subscription, {
      ...this.#laneOptions,
      store: this.#store,
      addresses: this.addresses,
      guard: this.guard,
      clock: this.#clock,
      timeoutMs: this.#timeoutMs,
      tls: this.#tls,
      cancel: this.#closing.signal,
      onError: this.#onError,
      onFailure: (record, failure) => this.#reportFailure(record, failure),
      onRetired: (id) => this.#lanes.delete(id),
    });
    this.#lanes.set(subscription.id, lane);
    this.#handshakeFailures.delete(subscription.id);
    return lane;
  }
}
