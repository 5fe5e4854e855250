/**
 * The development PKI: a self-signed EC P-384 certificate authority and the client
 * certificates it issues to demo participants, so mutual TLS can be exercised without a real
 * CA. Certificates are built with @peculiar/x509 on Node's WebCrypto (passed explicitly, so
 * no library-global provider is set) and checked with Node's own X509Certificate.
 */
import { X509Certificate as NodeX509Certificate, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { JWK } from 'jose';

/** @peculiar/x509 is typed against the DOM `Crypto`; Node's implementation is the same API. */
const crypto = webcrypto as unknown as Crypto;

const CA_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as const;
const CA_VALIDITY_DAYS = 3650;
const CLIENT_VALIDITY_DAYS = 825;
/** Back-date certificates a little so a peer whose clock lags does not see them as not yet valid. */
const BACKDATE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

export interface DevCaPem {
  readonly certPem: string;
  /** PKCS#8 PEM. Private: written with mode 0600, never logged. */
  readonly keyPem: string;
}

/** A CA ready to issue certificates. */
export interface DevCa {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
}

export interface IssuedCertificate {
  readonly certPem: string;
  /** Same format as Node's `fingerprint256`: what a TLS server sees for the peer certificate. */
  readonly fingerprint256: string;
}

export async function createDevCa(options: { commonName?: string; now?: Date } = {}): Promise<DevCaPem> {
  const now = options.now ?? new Date();
  const keys = (await crypto.subtle.generateKey(CA_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: [{ CN: [options.commonName ?? 'Wasl Development CA'] }, { O: ['Wasl (development only)'] }],
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
      keys,
      signingAlgorithm: CA_ALGORITHM,
      extensions: [
        // pathLength 0: the dev CA issues end-entity certificates only, never other CAs.
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: certificate.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

export async function loadDevCa(pem: DevCaPem): Promise<DevCa> {
  const certificate = new x509.X509Certificate(pem.certPem);
  const der = x509.PemConverter.decodeFirst(pem.keyPem);
  const privateKey = await crypto.subtle.importKey('pkcs8', der, CA_ALGORITHM, false, ['sign']);
  return { certificate, privateKey };
}

/** Issues a TLS client certificate for a participant's public key (EC P-384 or RSA). */
export async function issueClientCertificate(
  ca: DevCa,
  subject: { licence: string; displayName: string; publicJwk: JWK },
  now: Date = new Date(),
): Promise<IssuedCertificate> {
  const publicKey = await importPublicJwk(subject.publicJwk);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      // JSON names, not a DN string: display names may contain commas or '+'.
      subject: [{ CN: [subject.licence] }, { O: [subject.displayName] }],
      issuer: ca.certificate.subjectName,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + CLIENT_VALIDITY_DAYS * DAY_MS),
      publicKey,
      signingKey: ca.privateKey,
      signingAlgorithm: CA_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
        await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(ca.certificate, false, crypto),
      ],
    },
    crypto,
  );
  const certPem = certificate.toString('pem');
  return { certPem, fingerprint256: certificateFingerprint256(certPem) };
}

export function certificateFingerprint256(certPem: string): string {
  return new NodeX509Certificate(certPem).fingerprint256;
}

/** True when `certPem` names the CA as issuer and carries a valid signature by the CA's key. */
export function verifyIssuedBy(certPem: string, caCertPem: string): boolean {
  const leaf = new NodeX509Certificate(certPem);
  const ca = new NodeX509Certificate(caCertPem);
  return leaf.checkIssued(ca) && leaf.verify(ca.publicKey);
}

async function importPublicJwk(jwk: JWK): Promise<CryptoKey> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, key_ops: _ops, ...publicPart } = jwk;
  const algorithm =
    jwk.kty === 'EC'
      ? { name: 'ECDSA', namedCurve: jwk.crv ?? 'P-384' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' };
  return crypto.subtle.importKey('jwk', publicPart as JsonWebKey, algorithm, true, ['verify']);
}

/** 16 random bytes, high bit cleared so the DER INTEGER stays positive (RFC 5280 4.1.2.2). */
export function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}
