/**
 * Who a client certificate is (issue 13, item 2). Each certificate maps to exactly one participant,
 * by its SHA-256 fingerprint registered in `credentials.certificateSha256`; the subject is not
 * trusted on its own, so a certificate the CA issued by mistake, or one replaced or revoked, opens
 * nothing. The registry is read on every request (its reads are in memory), so a revocation or a
 * block takes effect as soon as the registry holds it, without a restart.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Participant, ParticipantRegistry } from '../participants/participant.js';

export type CertificateIdentity =
  /** A plain-HTTP connection (behind a TLS-terminating proxy, or `inject`), or no certificate shown. */
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly code: CertificateRefusal; readonly reason: string }
  | { readonly kind: 'participant'; readonly participant: Participant; readonly fingerprint256: string };

export type CertificateRefusal = 'WASL_ERR_CERTIFICATE_UNTRUSTED' | 'WASL_ERR_CERTIFICATE_REVOKED' | 'WASL_ERR_CERTIFICATE_UNKNOWN';

const NONE: CertificateIdentity = Object.freeze({ kind: 'none' });

export function identifyClientCertificate(socket: Socket, registry: Pick<ParticipantRegistry, 'list'>): CertificateIdentity {
  if (!isTlsSocket(socket)) return NONE;
  const peer = socket.getPeerCertificate();
  // Node returns an empty object when the client sent no certificate.
  if (!peer || typeof peer.fingerprint256 !== 'string') return NONE;
  if (!socket.authorized) {
    // OpenSSL's reason (UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED, ...): the chain did not verify against WASL_TLS_CLIENT_CA.
    return refused('WASL_ERR_CERTIFICATE_UNTRUSTED', `client certificate not accepted: ${String(socket.authorizationError ?? 'not verified')}`);
  }
  return participantOf(peer.fingerprint256, registry.list());
}

/** The participant holding this fingerprint, or why none may use it. */
export function participantOf(fingerprint256: string, participants: readonly Participant[]): CertificateIdentity {
  let match: Participant | undefined;
  for (const participant of participants) {
    const { certificateSha256, revokedCertificates } = participant.credentials;
    if (revokedCertificates?.includes(fingerprint256)) return refused('WASL_ERR_CERTIFICATE_REVOKED', `client certificate ${fingerprint256} was revoked`);
    if (certificateSha256 !== fingerprint256) continue;
    // Two records claiming one certificate: refuse rather than pick one.
    if (match) return refused('WASL_ERR_CERTIFICATE_UNKNOWN', `client certificate ${fingerprint256} is registered to more than one participant`);
    match = participant;
  }
  if (!match) return refused('WASL_ERR_CERTIFICATE_UNKNOWN', `client certificate ${fingerprint256} is not registered to any participant`);
  return { kind: 'participant', participant: match, fingerprint256 };
}

function refused(code: CertificateRefusal, reason: string): CertificateIdentity {
  return { kind: 'refused', code, reason };
}

function isTlsSocket(socket: Socket): socket is TLSSocket {
  return (socket as Partial<TLSSocket>).encrypted === true && typeof (socket as Partial<TLSSocket>).getPeerCertificate === 'function';
}
