/**
 * The gateway's published keys as a recipient sees them (SPEC section 7): fetched from
 * `/.well-known/jwks.json`, cached, and fetched again when a signature names a key the cached set
 * lacks, which is what a `wasl keys rotate` looks like from outside. Those refetches are rate-limited
 * (the first after a load is immediate, the next one waits `minRefetchMs`) so a stream of forged kids
 * cannot turn every verification into a request to the gateway.
 */
import { readFile } from 'node:fs/promises';
import type { SignableBytes } from '../security/message-signing.js';
import { DetachedVerifier, type JwkSet, type SignatureVerdict } from '../security/message-verification.js';

export const JWKS_PATH = '/.well-known/jwks.json';

export class JwksUnavailableError extends Error {
  override readonly name = 'JwksUnavailableError';
  constructor(readonly source: string, problem: string, options?: { cause: unknown }) {
    super(`cannot read the JWKS at ${source}: ${problem}`, options);
  }
}

export interface JwksSourceOptions {
  /** Least time between two refetches caused by an unknown kid; default 1 s. */
  readonly minRefetchMs?: number;
}

export class JwksSource {
  readonly #load: () => Promise<JwkSet>;
  readonly #minRefetchMs: number;
  #verifier: Promise<DetachedVerifier> | undefined;
  #refetchedAt = Number.NEGATIVE_INFINITY;

  constructor(load: () => Promise<JwkSet>, options: JwksSourceOptions = {}) {
    this.#load = load;
    this.#minRefetchMs = options.minRefetchMs ?? 1000;
  }

  /** Keys published by a gateway (base URL) or at a full JWKS URL. */
  static fromUrl(url: string, options?: JwksSourceOptions): JwksSource {
    return new JwksSource(() => fetchJwks(url), options);
  }

  /** Keys from a saved JWKS file (offline verification); never changes, so no refetch helps. */
  static fromFile(path: string): JwksSource {
    return new JwksSource(async () => parseJwks(path, await readFile(path, 'utf8').catch((problem: unknown) => {
      throw new JwksUnavailableError(path, (problem as NodeJS.ErrnoException).code ?? String(problem), { cause: problem });
    })));
  }

  /** Verifies a detached ES256 signature, fetching the key set again once when the kid is unknown. */
  async verify(jws: string, bytes: SignableBytes): Promise<SignatureVerdict> {
    const verdict = (await this.#current()).verify(jws, bytes);
    if (verdict.ok || verdict.code !== 'WASL_ERR_SIGNATURE_UNKNOWN_KEY' || Date.now() - this.#refetchedAt < this.#minRefetchMs) return verdict;
    this.#refetchedAt = Date.now();
    this.#verifier = undefined;
    return (await this.#current()).verify(jws, bytes);
  }

  #current(): Promise<DetachedVerifier> {
    if (!this.#verifier) {
      const loading = this.#load().then((jwks) => new DetachedVerifier(jwks));
      this.#verifier = loading;
      // A failed fetch is not cached: the next verification tries again.
      loading.catch(() => {
        if (this.#verifier === loading) this.#verifier = undefined;
      });
    }
    return this.#verifier;
  }
}

/** Fetches a JWKS; a URL without a path is a gateway base URL and gets `/.well-known/jwks.json`. */
export async function fetchJwks(url: string): Promise<JwkSet> {
  const target = new URL(url).pathname.replace(/\/+$/, '') === '' ? `${url.replace(/\/+$/, '')}${JWKS_PATH}` : url;
  let response: Response;
  try {
    response = await fetch(target, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
  } catch (problem) {
    const cause = problem instanceof Error && problem.cause instanceof Error ? problem.cause.message : String(problem);
    throw new JwksUnavailableError(target, cause, { cause: problem });
  }
  if (!response.ok) throw new JwksUnavailableError(target, `HTTP ${response.status}`);
  return parseJwks(target, await response.text());
}

function parseJwks(source: string, text: string): JwkSet {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwksUnavailableError(source, 'not JSON');
  }
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new JwksUnavailableError(source, 'no "keys" array');
  return { keys: keys.filter((k): k is JwkSet['keys'][number] => typeof k === 'object' && k !== null) };
}
