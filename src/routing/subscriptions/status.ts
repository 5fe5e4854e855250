/**
 * What is posted to a rest-hook endpoint and answered by `$status`, in the R4 shape of the
 * Subscriptions Backport (STU 1.1): a `Parameters` resource standing in for R5's
 * SubscriptionStatus, as the first entry of a `history` Bundle. Pure encoding, no I/O.
 *
 * With `id-only` each event names its focus, the queued Bundle, plus the message event code so a
 * subscriber can tell a priorauth-response from a communication-request before it polls.
 */
import { randomUUID } from 'node:crypto';
import { ADJUDICATION_ERROR_SYSTEM } from '../../fhir/identity.js';
import { EVENT_SYSTEM } from '../../fhir/message.js';
import type { JsonObject } from '../../fhir/json.js';
import type { SubscriptionRecord } from '../../store/ports.js';
import { FAILURE_DISPLAYS, type DeliveryFailure } from './failure.js';
import { BACKPORT_NOTIFICATION_PROFILE, BACKPORT_STATUS_PROFILE, type SubscriptionAddresses } from './conventions.js';

/** Backport `notification-type` codes Wasl sends. */
export type NotificationType = 'handshake' | 'event-notification' | 'query-status';

/** One message that landed in the subscriber's queue, numbered per subscription from 1. */
export interface NotificationEvent {
  readonly eventNumber: number;
  /** Epoch ms the gateway saw the message queued. */
  readonly timestamp: number;
  readonly bundleId: string;
  /** MessageHeader.eventCoding code of the queued message. */
  readonly event: string;
}

export interface StatusInput {
  readonly subscription: Pick<SubscriptionRecord, 'id' | 'status' | 'eventCount' | 'content'>;
  readonly type: NotificationType;
  readonly events?: readonly NotificationEvent[];
  /**
   * Why the last handshake or notification failed, for `$status` (backport `error` parameter): a
   * Wasl code and its reason, and with a full `DeliveryFailure` what failed, when and the next retry.
   */
  readonly error?: Pick<DeliveryFailure, 'code' | 'reason'> & Partial<DeliveryFailure>;
}

/** The backport-subscription-status-r4 Parameters. */
export function subscriptionStatus(input: StatusInput, addresses: SubscriptionAddresses): JsonObject {
  const { subscription } = input;
  const parameter: JsonObject[] = [
    { name: 'subscription', valueReference: { reference: addresses.subscription(subscription.id) } },
    { name: 'topic', valueCanonical: addresses.topic },
    { name: 'status', valueCode: subscription.status },
    { name: 'type', valueCode: input.type },
    // A string in the backport: R4 has no 64-bit integer type.
    { name: 'events-since-subscription-start', valueString: String(subscription.eventCount) },
  ];
  for (const event of input.events ?? []) parameter.push({ name: 'notification-event', part: eventParts(event, subscription.content, addresses) });
  if (input.error !== undefined) parameter.push({ name: 'error', valueCodeableConcept: errorConcept(input.error, addresses) });
  return { resourceType: 'Parameters', id: randomUUID(), meta: { profile: [BACKPORT_STATUS_PROFILE] }, parameter };
}

/** The `history` Bundle a rest-hook endpoint receives (backport-subscription-notification-r4). */
export function notificationBundle(input: StatusInput, addresses: SubscriptionAddresses, now: number): JsonObject {
  const status = subscriptionStatus(input, addresses);
  const entries: JsonObject[] = [
    {
      fullUrl: `urn:uuid:${String(status.id)}`,
      resource: status,
      // bdl-3/bdl-4: history entries carry a request; for the status it is the $status read.
      request: { method: 'GET', url: addresses.status(input.subscription.id) },
      response: { status: '200' },
    },
  ];
  if (input.subscription.content === 'id-only') {
    for (const event of input.events ?? []) {
      entries.push({ fullUrl: addresses.queuedBundle(event.bundleId), request: { method: 'POST', url: 'Bundle' }, response: { status: '201' } });
    }
  }
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { profile: [BACKPORT_NOTIFICATION_PROFILE] },
    type: 'history',
    timestamp: new Date(now).toISOString(),
    entry: entries,
  };
}

/** `$status` answers with a searchset Bundle of status resources (backport $status operation). */
export function statusSearchset(input: StatusInput, addresses: SubscriptionAddresses): JsonObject {
  const status = subscriptionStatus(input, addresses);
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    type: 'searchset',
    total: 1,
    entry: [{ fullUrl: `urn:uuid:${String(status.id)}`, resource: status, search: { mode: 'match' } }],
  };
}

/**
 * The backport `error` parameter (0..*, CodeableConcept): the Wasl error code, what failed as a
 * coding of Wasl's `subscription-delivery-failure` code system, the reason as text, and a complex
 * extension on the CodeableConcept (valid on any R4 element) with the attempt, when it failed, the
 * HTTP status and when the next retry is due. R4's backport has no element for a retry time.
 */
function errorConcept(error: NonNullable<StatusInput['error']>, addresses: SubscriptionAddresses): JsonObject {
  const coding: JsonObject[] = [{ system: ADJUDICATION_ERROR_SYSTEM, code: error.code }];
  if (error.kind !== undefined) coding.push({ system: addresses.failureCodeSystem, code: error.kind, display: FAILURE_DISPLAYS[error.kind] });
  const details: JsonObject[] = [];
  if (error.attempt !== undefined) details.push({ url: 'attempt', valuePositiveInt: error.attempt });
  if (error.at !== undefined) details.push({ url: 'failed-at', valueInstant: new Date(error.at).toISOString() });
  if (error.httpStatus !== undefined) details.push({ url: 'http-status', valueInteger: error.httpStatus });
  if (error.nextRetryAt !== undefined) details.push({ url: 'next-retry', valueInstant: new Date(error.nextRetryAt).toISOString() });
  return {
    ...(details.length > 0 ? { extension: [{ url: addresses.failureExtension, extension: details }] } : {}),
    coding,
    text: error.reason,
  };
}

function eventParts(event: NotificationEvent, content: SubscriptionRecord['content'], addresses: SubscriptionAddresses): JsonObject[] {
  const parts: JsonObject[] = [
    { name: 'event-number', valueString: String(event.eventNumber) },
    { name: 'timestamp', valueInstant: new Date(event.timestamp).toISOString() },
  ];
  // `empty` promises nothing about the content beyond "something happened" (backport payload types).
  if (content === 'id-only') {
    parts.push({ name: 'focus', valueReference: { reference: addresses.queuedBundle(event.bundleId) } });
    parts.push({ name: 'message-event', valueCoding: { system: EVENT_SYSTEM, code: event.event } });
  }
  return parts;
}
