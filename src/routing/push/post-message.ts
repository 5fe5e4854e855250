/**
 * One push attempt: POST the exact stored bytes of a message to a payer's `$process-message`
 * endpoint (SPEC section 6) and read its answer, within a timeout. The bytes are never
 * re-serialised, so a signature over them (SPEC section 7) stays verifiable.
 */
import type { StoredMessage } from '../../store/ports.js';
import { SIGNATURE_HEADER } from '../../security/message-signing.js';
import { PUSH_FAILURES, type PushFailure } from './errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface PostMessageOptions {
  readonly endpoint: string;
  readonly message: StoredMessage;
  readonly timeoutMs: number;
  /** Aborted when the gateway shuts down: the attempt ends at once. */
  readonly stop: AbortSignal;
  readonly maxAnswerBytes: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
}

/**
 * A 2xx from the payer (with its body as bytes, possibly empty: an answer in it is read exactly
 * as a posted one would be, byte for byte), or why there was none.
 */
export type PostResult = { readonly ok: true; readonly status: number; readonly body: Buffer } | { readonly ok: false; readonly failure: PushFailure };

export async function postMessage(options: PostMessageOptions): Promise<PostResult> {
  // One controller per attempt, unhooked from the long-lived `stop` signal afterwards:
  // `AbortSignal.any` over a signal that lives for the whole process has leaked in Node
  // (nodejs/node#55351), and there is one attempt per message.
  const attempt = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    attempt.abort();
  }, options.timeoutMs);
  const onStop = (): void => attempt.abort();
  options.stop.addEventListener('abort', onStop, { once: true });
  try {
    return await exchangeOnce(options, attempt.signal);
  } catch (cause) {
    if (options.stop.aborted) return { ok: false, failure: { code: PUSH_FAILURES.aborted } };
    if (timedOut) return { ok: false, failure: { code: PUSH_FAILURES.timeout, detail: `no answer within ${options.timeoutMs} ms` } };
    return { ok: false, failure: { code: PUSH_FAILURES.network, detail: describe(cause) } };
  } finally {
    clearTimeout(timer);
    options.stop.removeEventListener('abort', onStop);
  }
}

/** The POST and the bounded read of its answer; rejects on network errors and aborts. */
async function exchangeOnce(options: PostMessageOptions, signal: AbortSignal): Promise<PostResult> {
  const response = await options.fetch(options.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/fhir+json',
      accept: 'application/fhir+json',
      // The gateway's signature over exactly the bytes posted, fixed when the message was queued.
      ...(options.message.signature !== undefined ? { [SIGNATURE_HEADER]: options.message.signature } : {}),
      ...options.headers,
    },
    body: options.message.body,
    signal,
    // A push lands where the payer registered, nowhere else.
    redirect: 'error',
  });
  const body = await readBounded(response, options.maxAnswerBytes);
  if (body === undefined) return { ok: false, failure: { code: PUSH_FAILURES.tooLarge, detail: `answer over ${options.maxAnswerBytes} bytes` } };
  if (response.status < 200 || response.status > 299) return { ok: false, failure: { code: PUSH_FAILURES.status, status: response.status } };
  return { ok: true, status: response.status, body };
}

/** The body's bytes, or undefined (and the stream cancelled) once it passes `limit` bytes. */
async function readBounded(response: Response, limit: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    // undici puts the socket-level reason (ECONNREFUSED, ...) in `cause`.
    const inner = cause.cause instanceof Error ? `: ${(cause.cause as Error & { code?: string }).code ?? cause.cause.message}` : '';
    return `${cause.name}${inner}`;
  }
  return String(cause);
}
