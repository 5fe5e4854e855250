/**
 * Why a subscription's hook did not take a notification, as a value (issue 10, item 10): what
 * failed, from a small closed set, when, which attempt, and when the next one is due. One record
 * per subscription, replaced at each failed handshake or notification and dropped at the next
 * success; `$status` renders it (status.ts) and the log gets one line per failure
 * (`failureLogFields`). Nothing here names the endpoint, its address or the hook's headers.
 */

/** What failed. `http-status` carries the status; `endpoint-denied` is a refusal by policy, never retried. */
export type FailureKind = 'connection-refused' | 'dns' | 'timeout' | 'http-status' | 'tls' | 'endpoint-denied' | 'other';

export const FAILURE_KINDS: readonly FailureKind[] = ['connection-refused', 'dns', 'timeout', 'http-status', 'tls', 'endpoint-denied', 'other'];

/** English displays of the Wasl `subscription-failure` code system (status.ts renders them as codings). */
export const FAILURE_DISPLAYS: Readonly<Record<FailureKind, string>> = {
  'connection-refused': 'The hook refused the connection',
  dns: 'The hook host name did not resolve',
  timeout: 'The hook did not answer in time',
  'http-status': 'The hook answered with a non-2xx HTTP status',
  tls: 'The TLS handshake with the hook failed',
  'endpoint-denied': 'The hub refuses to call this endpoint',
  other: 'The hook could not be reached',
};

/** The last failure of one subscription, while it is in `error`. */
export interface DeliveryFailure {
  /** WASL_ERR_NOTIFICATION_FAILED, or the refusal's code (endpoint or header denied). */
  readonly code: string;
  readonly kind: FailureKind;
  readonly httpStatus?: number;
  /** What failed, in words (no address, no header). */
  readonly detail: string;
  /** Epoch ms of the failed attempt. */
  readonly at: number;
  /** Attempt number of this notification, from 1. */
  readonly attempt: number;
  /** Epoch ms the next attempt is due; absent when none is scheduled (given up, refused, or a handshake). */
  readonly nextRetryAt?: number;
  /** `detail` with when and what next, for `$status` text and anyone reading one line. */
  readonly reason: string;
}

export interface FailureInput {
  readonly code: string;
  readonly kind: FailureKind;
  readonly httpStatus?: number | undefined;
  readonly detail: string;
  readonly at: number;
  readonly attempt: number;
  readonly nextRetryAt?: number | undefined;
  /** What happens when no retry is scheduled, said in the text. */
  readonly afterwards?: string;
}

export function deliveryFailure(input: FailureInput): DeliveryFailure {
  const { afterwards, ...rest } = input;
  const when = `attempt ${input.attempt} at ${iso(input.at)}`;
  const next = input.nextRetryAt !== undefined ? `next retry at ${iso(input.nextRetryAt)}` : afterwards;
  // A refusal says only why: the time and attempt are in the record, and nothing will be retried.
  const reason = input.kind === 'endpoint-denied' ? input.detail : [input.detail, when, next].filter((part) => part !== undefined).join('; ');
  return {
    code: rest.code,
    kind: rest.kind,
    ...(rest.httpStatus !== undefined ? { httpStatus: rest.httpStatus } : {}),
    detail: rest.detail,
    at: rest.at,
    attempt: rest.attempt,
    ...(rest.nextRetryAt !== undefined ? { nextRetryAt: rest.nextRetryAt } : {}),
    reason,
  };
}

/** The same failure with nothing more scheduled (the lane gave the notification up). */
export function givenUp(failure: DeliveryFailure, afterwards: string): DeliveryFailure {
  const { nextRetryAt: _dropped, reason: _reason, ...rest } = failure;
  return deliveryFailure({ ...rest, afterwards });
}

/** The fields of the warn line logged once per failure: ids, licence, reason and next retry only. */
export function failureLogFields(subscription: { readonly id: string; readonly owner: string }, failure: DeliveryFailure): Record<string, unknown> {
  return {
    subscription: subscription.id,
    owner: subscription.owner,
    reason: failure.kind,
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    code: failure.code,
    detail: failure.detail,
    attempt: failure.attempt,
    failedAt: iso(failure.at),
    nextRetryAt: failure.nextRetryAt !== undefined ? iso(failure.nextRetryAt) : null,
  };
}

/** Where failures are logged: a pino / Fastify logger fits. */
export interface FailureLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export const FAILURE_LOG_MESSAGE = 'subscription notification failed';

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
