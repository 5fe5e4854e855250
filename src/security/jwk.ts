/**
 * Signing key pairs as JWKs: generation with a stable `kid` (the RFC 7638 thumbprint, so
 * the same key always has the same id) and the public half that may be published.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export type SigningAlgorithm = 'ES256' | 'ES384' | 'RS384';

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'key_ops']);

/** A fresh private JWK with `kid`, `alg` and `use: "sig"`. Keep it out of logs. */
export async function generatePrivateJwk(alg: SigningAlgorithm): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS384' ? { modulusLength: 3072 } : {}) });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { ...jwk, kid, alg, use: 'sig' };
}

/** The publishable half: drops every private member, keeps `kid`, `alg` and `use`. */
export function publicJwkOf(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.has(name))) as JWK;
}

/** The assertion algorithm a participant key signs with: ES384 for EC P-384, RS384 for RSA. */
export function assertionAlgorithmOf(jwk: JWK): 'ES384' | 'RS384' | undefined {
  if (jwk.kty === 'EC' && jwk.crv === 'P-384') return 'ES384';
  if (jwk.kty === 'RSA') return 'RS384';
  return undefined;
}
