/**
 * `POST /auth/token`: SMART Backend Services (client_credentials + private_key_jwt).
 * Answers in OAuth 2.0's own JSON shape (RFC 6749 section 5), which token clients expect,
 * with Wasl's code beside the OAuth error.
 *
 * Rate limited twice (issue 9, item 10), both before any signature is verified: per client
 * address in `onRequest` (before the form is read), then per claimed client id (`client_id`, or
 * the assertion's unverified `iss`). Over either budget: 429 with `Retry-After` and the OAuth
 * error `temporarily_unavailable` beside the code `WASL_ERR_RATE_LIMITED`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { decodeJwt } from 'jose';
import type { RateDecision, RateLimiter } from '../../security/rate-limit.js';
import { LICENCE_PATTERN } from '../../security/participants/parse.js';
import { holdRefusal, RATE_LIMITED } from './rate-limit.js';

export type TokenExchangeResult =
  | { ok: true; value: { access_token: string; token_type: string; expires_in: number; scope: string } }
  | { ok: false; code: string; reason: string };

export interface TokenExchanger {
  exchange(form: Record<string, string | undefined>): Promise<TokenExchangeResult>;
}

export interface TokenPluginOptions {
  readonly tokens: TokenExchanger;
  readonly publicUrl: string;
  /** Undefined: no token rate limits (unit tests of the exchange alone). */
  readonly limiter?: RateLimiter | undefined;
}

export const TOKEN_PATH = '/auth/token';

/** The token endpoint's form bodies are small; its own limit, named in its 413. */
export const FORM_BODY_LIMIT = 64 * 1024;

export async function tokenPlugin(app: FastifyInstance, options: TokenPluginOptions): Promise<void> {
  const limiter = options.limiter;
  // Only forms here (RFC 6749 section 4.4.2), with their own small limit: the root's FHIR JSON
  // parser (10 MB) would let a caller without any credential make the hub read and parse
  // megabytes per request. Any other media type is 415 before the body is read.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  if (limiter) {
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.url !== TOKEN_PATH) return;
      const decision = await limiter.tokenAddress(request.ip);
      if (!decision.ok) {
        await holdRefusal(limiter, decision);
        return tooManyRequests(reply, decision, `address ${request.ip}`);
      }
    });
  }

  app.post(TOKEN_PATH, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    const client = limiter ? claimedClient(form) : undefined;
    if (limiter && client !== undefined) {
      const decision = await limiter.tokenClient(client);
      if (!decision.ok) {
        await holdRefusal(limiter, decision);
        return tooManyRequests(reply, decision, `client ${client}`);
      }
    }
    const result = await options.tokens.exchange(form);
    reply.header('cache-control', 'no-store');
    if (result.ok) return reply.type('application/json').send(result.value);
    const invalidClient = result.code === 'WASL_ERR_INVALID_CLIENT';
    return reply
      .code(invalidClient ? 401 : 400)
      .type('application/json')
      .send({ error: invalidClient ? 'invalid_client' : 'invalid_grant', error_description: result.reason, code: result.code });
  });

  app.get('/.well-known/smart-configuration', async () => ({
    token_endpoint: `${options.publicUrl}${TOKEN_PATH}`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['ES384', 'RS384'],
    grant_types_supported: ['client_credentials'],
    scopes_supported: ['system/*.read', 'system/*.write'],
    capabilities: ['client-confidential-asymmetric'],
  }));
}

/**
 * Who the request says it is, unverified: only a budget key. A value that is not a licence is not
 * counted per client (the exchange refuses it without touching a key); the address budget still is.
 */
function claimedClient(form: Record<string, string | undefined>): string | undefined {
  let claimed = form.client_id;
  if (claimed === undefined && typeof form.client_assertion === 'string' && form.client_assertion.length <= 8192) {
    try {
      const iss = decodeJwt(form.client_assertion).iss;
      claimed = typeof iss === 'string' ? iss : undefined;
    } catch {
      claimed = undefined;
    }
  }
  return claimed !== undefined && LICENCE_PATTERN.test(claimed) ? claimed : undefined;
}

function tooManyRequests(reply: FastifyReply, decision: Extract<RateDecision, { ok: false }>, who: string): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(decision.retryAfterSeconds))
    .header('cache-control', 'no-store')
    .type('application/json')
    .send({
      error: 'temporarily_unavailable',
      error_description: `${who} is over its limit of ${decision.limit} token requests per minute`,
      code: RATE_LIMITED,
    });
}
