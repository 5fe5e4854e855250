/**
 * Options of the HTTPS listener (issue 13, item 2; SPEC section 2: mutual TLS on every call).
 *
 * `requestCert` asks every client for a certificate, but `rejectUnauthorized` is false: the
 * handshake completes whatever the client shows, and the authentication hook answers a missing,
 * foreign, revoked or unknown certificate with a coded OperationOutcome (401) instead of a bare
 * handshake failure the client cannot tell from a network fault. The verdict OpenSSL reached
 * against the client CA is still there, as `socket.authorized` (client-certificate.ts).
 */
import { readFileSync } from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import type { InboundTlsConfig } from './config.js';

/**
 * ECDHE key exchange with AEAD ciphers only (forward secrecy; no CBC, RSA key exchange or SHA-1),
 * TLS 1.3 suites first: the "intermediate" profile of Mozilla's server-side TLS guidelines (v5.7).
 */
export const MODERN_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export const MIN_TLS_VERSION = 'TLSv1.2' as const;

/** The protocol floor and cipher list shared by the listener and the outbound connections. */
export const TLS_FLOOR: Pick<SecureContextOptions, 'minVersion' | 'ciphers'> = { minVersion: MIN_TLS_VERSION, ciphers: MODERN_CIPHERS };

export function tlsServerOptions(config: InboundTlsConfig): TlsOptions {
  return {
    ...TLS_FLOOR,
    cert: readFileSync(config.certFile),
    key: readFileSync(config.keyFile),
    ca: readFileSync(config.clientCaFile),
    requestCert: true,
    rejectUnauthorized: false,
    honorCipherOrder: true,
  };
}
