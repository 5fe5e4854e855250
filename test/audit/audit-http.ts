/**
 * A Fastify app with the audit plugin over a real embedded store, as the gateway will wire it:
 * gateway key (ES256) and JWKS, the error handler's coded answers, and bearer tokens resolved to
 * participants by a fixed table (the token service is not what these tests are about).
 */
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { importJWK, type JWK } from 'jose';
import { AuditIndex } from '../../src/audit/audit-index.js';
import { Checkpointer } from '../../src/audit/checkpoint.js';
import { LmdbIndexStorage } from '../../src/audit/index-storage.js';
import { CodeCatalogue } from '../../src/findings/catalogue.js';
import { NotProcessable } from '../../src/findings/not-processable.js';
import type { AccessTokenVerifier } from '../../src/http/auth.js';
import { sendNotProcessable } from '../../src/http/outcome-reply.js';
import { auditPlugin } from '../../src/http/plugins/audit.js';
import { jwksPlugin } from '../../src/http/plugins/jwks.js';
import { generatePrivateJwk, publicJwkOf } from '../../src/security/jwk.js';
import type { GatewayStore } from '../../src/store/ports.js';

export const TOKENS: Readonly<Record<string, { licence: string; role: 'provider' | 'payer' }>> = {
  'provider-token': { licence: 'N-F-00001', role: 'provider' },
  'payer-token': { licence: 'N-I-00001', role: 'payer' },
  'other-payer-token': { licence: 'N-I-00002', role: 'payer' },
};

const verifier: AccessTokenVerifier = {
  async verifyAccessToken(token) {
    const known = TOKENS[token];
    if (!known) return { ok: false, code: 'WASL_ERR_UNAUTHENTICATED', reason: 'unknown token' };
    return { ok: true, licence: known.licence, role: known.role, participant: { licence: known.licence, role: known.role, status: 'active', limits: {} } };
  },
};

export interface AuditApp {
  readonly app: FastifyInstance;
  readonly index: AuditIndex;
  readonly checkpointer: Checkpointer;
  readonly jwks: { keys: JWK[] };
  close(): Promise<void>;
}

const catalogue = CodeCatalogue.load(join(import.meta.dirname, '..', '..', 'schemas'));

export async function auditApp(store: GatewayStore, dataDir: string, options: { intervalS?: number; now?: () => number } = {}): Promise<AuditApp> {
  const privateJwk = await generatePrivateJwk('ES256');
  const key = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  const jwks = { keys: [publicJwkOf(privateJwk)] };
  const index = await AuditIndex.open(store, LmdbIndexStorage.open(dataDir));
  const checkpointer = new Checkpointer({ index, licence: 'GW-WASL-1', signingKey: () => ({ kid: privateJwk.kid!, key }), intervalS: options.intervalS ?? 60, ...(options.now ? { now: options.now } : {}) });
  const app = Fastify();
  app.setErrorHandler((failure, _request, reply) => {
    if (failure instanceof NotProcessable) return sendNotProcessable(reply, failure, catalogue, 'en');
    throw failure;
  });
  await app.register(jwksPlugin, { jwks: () => jwks });
  await app.register(auditPlugin, { checkpointer, index, ledger: store, verifier });
  await app.ready();
  return {
    app,
    index,
    checkpointer,
    jwks,
    async close() {
      checkpointer.stop();
      await app.close();
      await index.close();
    },
  };
}

export function codeOf(body: string): string {
  return (JSON.parse(body) as { issue: { details: { coding: { code: string }[] } }[] }).issue[0]!.details.coding[0]!.code;
}
