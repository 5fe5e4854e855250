/**
 * Message-level proof of origin and integrity (SPEC section 7, issue 11 items 3 and 5): a detached
 * JWS (RFC 7515 appendix F) over the exact bytes delivered, in compact serialization with the
 * payload part empty: `<protected>..<signature>`. The recipient re-attaches the bytes it received.
 *
 * Signing runs once or twice per message on the accept path, so it uses node:crypto directly
 * with a KeyObject imported once and the encoded protected header cached; jose's async API would
 * re-import the key and allocate a promise chain per call.
 */
import { createPrivateKey, KeyObject, sign, type JsonWebKey } from 'node:crypto';
import type { JWK } from 'jose';
import type { GatewayKeys } from './gateway-keys.js';

/** Task.output extension that carries a nested message's detached JWS in a poll-response. */
export const SIGNATURE_EXTENSION_URL = 'https://wasl.dev/fhir/StructureDefinition/message-signature';
/** HTTP header that carries the detached JWS of a synchronous answer, a push or a signed submission. */
export const SIGNATURE_HEADER = 'x-jws-signature';
/** The gateway signs with ES256 only (its key file holds EC P-256 keys); participants sign with their registered key's algorithm. */
export const MESSAGE_SIGNING_ALGORITHM = 'ES256';

export type SignableBytes = string | Uint8Array;

/** UTF-8 bytes of the message: a string is encoded, bytes are used as given. */
export function messageBytes(bytes: SignableBytes): Buffer {
  if (typeof bytes === 'string') return Buffer.from(bytes, 'utf8');
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `base64url(header) + '.' + base64url(payload)` as one buffer, built without intermediate strings for the header. */
export function signingInput(headerPart: Buffer, bytes: SignableBytes): Buffer {
  const payload = messageBytes(bytes);
  const encodedLength = Math.ceil((payload.length * 4) / 3);
  const input = Buffer.allocUnsafe(headerPart.length + 1 + encodedLength);
  headerPart.copy(input, 0);
  input[headerPart.length] = 0x2e; // '.'
  const written = input.write(payload.toString('base64url'), headerPart.length + 1, 'latin1');
  return input.subarray(0, headerPart.length + 1 + written);
}

/**
 * What a private key signs with: the gateway's P-256 keys ES256; a participant's registered key
 * (P-384 or RSA, the key of its client assertions) ES384 or RS384, so a participant signs its
 * submissions with the key the gateway already knows (issue 11, item 5).
 */
function signingProfile(key: KeyObject): { alg: 'ES256' | 'ES384' | 'RS384'; hash: 'sha256' | 'sha384'; dsaEncoding?: 'ieee-p1363' } | undefined {
  if (key.type !== 'private') return undefined;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType === 'ec' && curve === 'prime256v1') return { alg: 'ES256', hash: 'sha256', dsaEncoding: 'ieee-p1363' };
  if (key.asymmetricKeyType === 'ec' && curve === 'secp384r1') return { alg: 'ES384', hash: 'sha384', dsaEncoding: 'ieee-p1363' };
  if (key.asymmetricKeyType === 'rsa') return { alg: 'RS384', hash: 'sha384' };
  return undefined;
}

export class MessageSigner {
  readonly kid: string;
  readonly alg: 'ES256' | 'ES384' | 'RS384';
  readonly #hash: 'sha256' | 'sha384';
  readonly #key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' };
  /** ASCII bytes of base64url(protected header): the same for every message signed with this key. */
  readonly #headerPart: Buffer;
  readonly #headerText: string;

  private constructor(kid: string, key: KeyObject) {
    const profile = signingProfile(key);
    if (!profile) throw new TypeError('message signing needs an EC P-256 (ES256), EC P-384 (ES384) or RSA (RS384) private key');
    this.kid = kid;
    this.alg = profile.alg;
    this.#hash = profile.hash;
    this.#key = profile.dsaEncoding ? { key, dsaEncoding: profile.dsaEncoding } : key;
    // No `typ`: the payload is whatever FHIR JSON was delivered and the recipient knows it; no `b64`/`crit`: the default encoding.
    this.#headerText = Buffer.from(JSON.stringify({ alg: profile.alg, kid })).toString('base64url');
    this.#headerPart = Buffer.from(this.#headerText, 'latin1');
  }

  /** The ES256 signer of the active key of the gateway key file. */
  static fromGatewayKeys(keys: GatewayKeys): MessageSigner {
    const signer = new MessageSigner(keys.signingKid, KeyObject.from(keys.signingKey));
    if (signer.alg !== MESSAGE_SIGNING_ALGORITHM) throw new TypeError(`the gateway signs with ${MESSAGE_SIGNING_ALGORITHM}, its active key is for ${signer.alg}`);
    return signer;
  }

  /** A signer from a private JWK with a `kid`: a participant's own key, tests, tools. */
  static fromPrivateJwk(jwk: JWK): MessageSigner {
    if (typeof jwk.kid !== 'string' || jwk.kid === '') throw new TypeError('the signing JWK needs a kid');
    return new MessageSigner(jwk.kid, createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }));
  }

  /** The detached JWS over exactly `bytes` (a string is signed as its UTF-8 encoding). */
  sign(bytes: SignableBytes): string {
    const signature = sign(this.#hash, signingInput(this.#headerPart, bytes), this.#key);
    return `${this.#headerText}..${signature.toString('base64url')}`;
  }
}
