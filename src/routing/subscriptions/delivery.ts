/**
 * One POST of one notification to a rest-hook endpoint: the only I/O of the notifier. Success is
 * a 2xx answer inside the timeout; anything else is a `NotificationFailed` value, never thrown,
 * so the retry loop decides what to do with it.
 */
import { NOTIFICATION_MEDIA_TYPE } from './conventions.js';

export type Fetch = typeof fetch;

/** Why a notification did not arrive: the endpoint answered non-2xx, timed out, or could not be reached. */
export class NotificationFailed extends Error {
  readonly code = 'WASL_ERR_NOTIFICATION_FAILED';
  constructor(
    readonly subscriptionId: string,
    readonly reason: string,
    readonly httpStatus?: number,
  ) {
    super(`notification for Subscription/${subscriptionId} failed: ${reason}`);
    this.name = 'NotificationFailed';
  }
}

export interface DeliveryTarget {
  readonly id: string;
  readonly endpoint: string;
  /** `Name: value` lines from Subscription.channel.header, already checked when subscribing. */
  readonly headers: readonly string[];
}

export interface DeliveryOptions {
  readonly fetch: Fetch;
  readonly timeoutMs: number;
  /** Aborted when the notifier closes: an in-flight POST stops at once. */
  readonly cancel: AbortSignal;
}

export async function deliver(target: DeliveryTarget, body: string, options: DeliveryOptions): Promise<NotificationFailed | undefined> {
  try {
    const headers = new Headers();
    for (const line of target.headers) {
      const colon = line.indexOf(':');
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    headers.set('content-type', `${NOTIFICATION_MEDIA_TYPE}; charset=utf-8`);
    const response = await options.fetch(target.endpoint, {
      method: 'POST',
      headers,
      body,
      // A redirect would send the subscriber's headers somewhere it did not name.
      redirect: 'manual',
      signal: AbortSignal.any([options.cancel, AbortSignal.timeout(options.timeoutMs)]),
    });
    // The answer's body means nothing to us; release the connection instead of buffering it.
    await response.body?.cancel().catch(() => undefined);
    return response.status >= 200 && response.status < 300 ? undefined : new NotificationFailed(target.id, `endpoint answered HTTP ${response.status}`, response.status);
  } catch (problem) {
    const name = (problem as Error).name;
    const reason = name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : name === 'AbortError' ? 'the gateway is closing' : `endpoint unreachable (${describe(problem)})`;
    return new NotificationFailed(target.id, reason);
  }
}

function describe(problem: unknown): string {
  const cause = (problem as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : (problem as Error).message;
}
