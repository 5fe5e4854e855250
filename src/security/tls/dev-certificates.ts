/**
 * TLS certificates from the development CA (issue 13, items 2 and 3): the gateway's server
 * certificate for `localhost` / `127.0.0.1` / `::1`, and key pairs with client certificates for
 * participants (`wasl cert issue`). Client certificates reuse dev-pki's issuer; only the fresh TLS
 * key, kept apart from the participant's client-assertion key, is made here.
 */
import { createPrivateKey, webcrypto, type JsonWebKey } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';
import { certificateFingerprint256, issueClientCertificate, serialNumber, type DevCa } from '../dev-pki.js';
import { generatePrivateJwk, publicJwkOf } from '../jwk.js';

const crypto = webcrypto as unknown as Crypto;
/** The dev CA signs with ECDSA P-384 / SHA-384. */
const CA_SIGNING = { name: 'ECDSA', hash: 'SHA-384' } as const;
/** P-256 for the server key: what every TLS client supports. */
const SERVER_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
/** 398 days: the longest validity browsers accept for a server certificate. */
const SERVER_VALIDITY_DAYS = 398;
const BACKDATE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export const DEV_SERVER_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export interface TlsKeyAndCertificate {
  readonly certPem: string;
  /** PKCS#8 PEM. Private: written with mode 0600, never logged. */
  readonly keyPem: string;
  readonly fingerprint256: string;
}

/**
 * The gateway's certificate. Its extended key usage names both serverAuth and clientAuth, so
 * the same certificate is the client credential the gateway presents when it pushes to payers
 * (WASL_TLS_PUSH_CERT defaults to WASL_TLS_CERT).
 */
export async function issueServerCertificate(ca: DevCa, hosts: readonly string[] = DEV_SERVER_HOSTS, now = new Date()): Promise<TlsKeyAndCertificate> {
  const keys = (await crypto.subtle.generateKey(SERVER_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: [{ CN: [hosts[0] ?? 'localhost'] }, { O: ['Wasl gateway (development only)'] }],
      issuer: ca.certificate.subjectName,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS),
      publicKey: keys.publicKey,
      signingKey: ca.privateKey,
      signingAlgorithm: CA_SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth], false),
        new x509.SubjectAlternativeNameExtension(hosts.map((host) => ({ type: isIP(host) ? 'ip' : 'dns', value: host })), false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(ca.certificate, false, crypto),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  const certPem = certificate.toString('pem');
  return { certPem, keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), fingerprint256: certificateFingerprint256(certPem) };
}

/** A new EC P-384 key and a client certificate for it (subject CN = the licence). */
export async function issueParticipantTlsCertificate(ca: DevCa, subject: { licence: string; displayName: string }, now = new Date()): Promise<TlsKeyAndCertificate> {
  const privateJwk = await generatePrivateJwk('ES384');
  const issued = await issueClientCertificate(ca, { ...subject, publicJwk: publicJwkOf(privateJwk) }, now);
  const keyPem = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem: issued.certPem, keyPem, fingerprint256: issued.fingerprint256 };
}
