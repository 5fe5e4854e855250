/**
 * `POST /auth/token`: SMART Backend Services (client_credentials + private_key_jwt).
 * Answers in OAuth 2.0's own JSON shape (RFC 6749 section 5), which token clients expect,
 * with Wasl's code beside the OAuth error.
 */
import type { FastifyInstance } from 'fastify';

export type TokenExchangeResult =
  | { ok: true; value: { access_token: string; token_type: string; expires_in: number; scope: string } }
  | { ok: false; code: string; reason: string };

export interface TokenExchanger {
  exchange(form: Record<string, string | undefined>): Promise<TokenExchangeResult>;
}

export async function tokenPlugin(app: FastifyInstance, options: { tokens: TokenExchanger; publicUrl: string }): Promise<void> {
  app.post('/auth/token', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | undefined>;
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
    token_endpoint: `${options.publicUrl}/auth/token`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['ES384', 'RS384'],
    grant_types_supported: ['client_credentials'],
    scopes_supported: ['system/*.read', 'system/*.write'],
    capabilities: ['client-confidential-asymmetric'],
  }));
}
