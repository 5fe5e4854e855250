/**
 * A small client of the gateway, as a hospital's or insurer's system would use it: gets a
 * SMART Backend Services token with its private key, posts messages, polls its queue.
 * Used by the reference payer, the CLI, the tests and the benchmark.
 */
import type { JWK } from 'jose';
import { asArray, asObject, asString } from '../fhir/json.js';
import { MessageSigner, SIGNATURE_HEADER } from '../security/message-signing.js';
import type { SignatureVerdict } from '../security/message-verification.js';
import { createClientAssertion } from '../security/tokens.js';
import { JWKS_PATH, JwksSource } from './jwks-source.js';
import { buildPollRequest, type PollRequestOptions } from './poll-request.js';
import { verifyDelivered, verifyPollResponseText, type NestedVerification } from './verify-messages.js';

export interface WaslClientOptions {
  readonly baseUrl: string;
  readonly licence: string;
  readonly role: 'provider' | 'payer';
  readonly privateJwk: JWK;
  /** `Accept-Language` to send (e.g. `ar`). */
  readonly language?: string;
  /** Sign every submission with `privateJwk` (detached JWS in x-jws-signature), for a policy that requires it (issue 11, item 5). */
  readonly signSubmissions?: boolean;
}

export interface PostResult {
  readonly status: number;
  readonly text: string;
  readonly json: Record<string, unknown>;
  /** The gateway's detached JWS over `text` (header x-jws-signature), when it sent one. */
  readonly signature?: string;
}

export interface PolledMessage {
  readonly bundleId: string;
  readonly event: string;
  readonly bundle: Record<string, unknown>;
}

/**
 * The gateway could not be reached at all (no HTTP answer): names the URL and the network cause, where
 * Node's `fetch` says only "fetch failed" and hides the cause (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
 */
export class GatewayUnreachableError extends Error {
  override readonly name = 'GatewayUnreachableError';
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(`cannot reach the gateway at ${url}: ${networkCause(cause)}`, { cause });
    this.url = url;
  }
}

function networkCause(problem: unknown): string {
  const cause = problem instanceof Error && problem.cause !== undefined ? problem.cause : problem;
  if (cause instanceof AggregateError && cause.errors.length > 0) return networkCause(cause.errors[0]);
  if (cause instanceof Error) return cause.message || (cause as NodeJS.ErrnoException).code || cause.name;
  return String(cause);
}

/** `fetch`, with a failure to connect reported as a GatewayUnreachableError naming the URL. */
async function reach(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (problem) {
    throw new GatewayUnreachableError(url, problem);
  }
}

export class WaslClient {
  readonly #o: WaslClientOptions;
  #token: { value: string; expiresAt: number } | undefined;
  readonly #gatewayKeys: JwksSource;
  readonly #signer: MessageSigner | undefined;

  constructor(options: WaslClientOptions) {
    this.#o = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
    this.#gatewayKeys = JwksSource.fromUrl(`${this.#o.baseUrl}${JWKS_PATH}`);
    this.#signer = options.signSubmissions ? MessageSigner.fromPrivateJwk(options.privateJwk) : undefined;
  }

  get licence(): string {
    return this.#o.licence;
  }

  async token(): Promise<string> {
    if (this.#token && this.#token.expiresAt > Date.now() + 10_000) return this.#token.value;
    const tokenUrl = `${this.#o.baseUrl}/auth/token`;
    const assertion = await createClientAssertion({ licence: this.#o.licence, privateJwk: this.#o.privateJwk, audience: tokenUrl });
    const response = await reach(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: 'system/*.write system/*.read',
      }),
    });
    const body = (await response.json()) as { access_token?: string; expires_in?: number; error_description?: string };
    if (!response.ok || !body.access_token) throw new Error(`token request failed (${response.status}): ${body.error_description ?? 'no token'}`);
    this.#token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 60) * 1000 };
    return body.access_token;
  }

  /** Posts a message (object or exact JSON text) to `$process-message`. */
  async send(message: string | Record<string, unknown>): Promise<PostResult> {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    const response = await reach(`${this.#o.baseUrl}/$process-message`, {
      method: 'POST',
      headers: {
        'content-type': 'application/fhir+json',
        authorization: `Bearer ${await this.token()}`,
        ...(this.#o.language ? { 'accept-language': this.#o.language } : {}),
        ...(this.#signer ? { [SIGNATURE_HEADER]: this.#signer.sign(text) } : {}),
      },
      body: text,
    });
    // Decoded as UTF-8 by fetch: the gateway sends valid UTF-8, so the text re-encodes to the signed bytes.
    const body = await response.text();
    const signature = response.headers.get(SIGNATURE_HEADER);
    return { status: response.status, text: body, json: JSON.parse(body) as Record<string, unknown>, ...(signature ? { signature } : {}) };
  }

  /**
   * Checks the gateway's signature over an answer (or a pushed message) against its published JWKS,
   * fetched once and again when a key rotation introduced a kid the cached set lacks.
   */
  verifyAnswer(bodyText: string, headerJws: string | undefined): Promise<SignatureVerdict> {
    return verifyDelivered(bodyText, headerJws, this.#gatewayKeys);
  }

  /** Checks every nested message of a poll-response text against the signature beside it. */
  verifyPollResponse(text: string): Promise<NestedVerification[]> {
    return verifyPollResponseText(text, this.#gatewayKeys);
  }

  /** Polls this participant's queue; returns the nested messages in delivery order. */
  async poll(options: Omit<PollRequestOptions, 'licence' | 'role'> = {}): Promise<{ result: PostResult; messages: PolledMessage[] }> {
    const result = await this.send(buildPollRequest({ ...options, licence: this.#o.licence, role: this.#o.role }));
    return { result, messages: nestedMessages(result.json) };
  }
}

/** The messages nested in a poll-response, in the order of the Task outputs. */
export function nestedMessages(pollResponse: Record<string, unknown>): PolledMessage[] {
  const entries = asArray(pollResponse.entry).map((e) => asObject(e) ?? {});
  const task = entries.map((e) => asObject(e.resource)).find((r) => r?.resourceType === 'Task');
  const byUrl = new Map(entries.map((e) => [asString(e.fullUrl), asObject(e.resource)]));
  const messages: PolledMessage[] = [];
  for (const output of asArray(task?.output)) {
    const reference = asString(asObject(asObject(output)?.valueReference)?.reference);
    const bundle = reference === undefined ? undefined : byUrl.get(reference);
    if (!bundle || bundle.resourceType !== 'Bundle') continue;
    const header = asObject(asObject(asArray(bundle.entry)[0])?.resource);
    messages.push({ bundleId: String(bundle.id), event: String(asObject(header?.eventCoding)?.code), bundle });
  }
  return messages;
}
