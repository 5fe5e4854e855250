/**
 * The gateway's own JWS keys: they sign access tokens (and later the gateway's messages).
 * The file is a list so a rotation can append a new key and make it active while the old
 * public keys stay in the JWKS until every token they signed has expired.
 *
 * Keys are imported once, here: verifying an access token on the hot path is then a map
 * lookup by `kid` and one ES256 verification.
 */
import { importJWK, type JWK } from 'jose';
import { InvalidFileError, PRIVATE_FILE_MODE, readJsonFile } from './files.js';
import { generatePrivateJwk, publicJwkOf } from './jwk.js';
import { securityPaths } from './paths.js';

export const GATEWAY_ALGORITHM = 'ES256';
const FORMAT_VERSION = 1;

export interface GatewayKeyFile {
  readonly version: typeof FORMAT_VERSION;
  /** The gateway's licence: the `iss` of every access token. */
  readonly licence: string;
  /** `kid` of the key that signs new tokens. */
  readonly active: string;
  /** Private JWKs, oldest first. */
  readonly keys: readonly JWK[];
}

export interface GatewayKeys {
  /** The gateway licence, used as the access tokens' `iss`. */
  readonly issuer: string;
  readonly signingKid: string;
  readonly signingKey: CryptoKey;
  /** Every key whose tokens are still accepted, by `kid`. */
  readonly verificationKeys: ReadonlyMap<string, CryptoKey>;
  readonly publicJwks: readonly JWK[];
}

/** The contents of a fresh key file with one ES256 key (the caller writes it with mode 0600). */
export async function newGatewayKeyFile(licence: string): Promise<GatewayKeyFile> {
  const key = await generatePrivateJwk(GATEWAY_ALGORITHM);
  return { version: FORMAT_VERSION, licence, active: key.kid!, keys: [key] };
}

export function serialiseGatewayKeyFile(file: GatewayKeyFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

export const GATEWAY_KEY_FILE_MODE = PRIVATE_FILE_MODE;

/** Reads and imports the gateway keys; `InvalidFileError` names the file and field when they are unusable. */
export async function loadGatewayKeys(dataDir: string): Promise<GatewayKeys> {
  const path = securityPaths(dataDir).gatewayKeys;
  const raw = await readJsonFile(path);
  if (raw === undefined) throw new InvalidFileError(path, undefined, 'missing: run `wasl init` to create the gateway keys');
  const file = parseGatewayKeyFile(path, raw);
  const verificationKeys = new Map<string, CryptoKey>();
  for (const [i, jwk] of file.keys.entries()) {
    try {
      verificationKeys.set(jwk.kid!, (await importJWK(publicJwkOf(jwk), GATEWAY_ALGORITHM)) as CryptoKey);
    } catch (err) {
      throw new InvalidFileError(path, `keys[${i}]`, `not a usable ${GATEWAY_ALGORITHM} key: ${(err as Error).message}`);
    }
  }
  const activeIndex = file.keys.findIndex((k) => k.kid === file.active);
  let signingKey: CryptoKey;
  try {
    // Extractable so the message signer can hold it as a node:crypto KeyObject (KeyObject.from).
    signingKey = (await importJWK(file.keys[activeIndex]!, GATEWAY_ALGORITHM, { extractable: true })) as CryptoKey;
  } catch (err) {
    throw new InvalidFileError(path, `keys[${activeIndex}]`, `not a usable ${GATEWAY_ALGORITHM} private key: ${(err as Error).message}`);
  }
  return {
    issuer: file.licence,
    signingKid: file.active,
    signingKey,
    verificationKeys,
    publicJwks: file.keys.map(publicJwkOf),
  };
}

/** The public JWK set served at `/.well-known/jwks.json`. */
export function gatewayJwks(keys: GatewayKeys): { keys: JWK[] } {
  return { keys: keys.publicJwks.map((jwk) => ({ ...jwk })) };
}

export function parseGatewayKeyFile(path: string, raw: unknown): GatewayKeyFile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidFileError(path, undefined, 'expected an object');
  const { version, licence, active, keys } = raw as Record<string, unknown>;
  if (version !== FORMAT_VERSION) throw new InvalidFileError(path, 'version', `expected ${FORMAT_VERSION}, got ${JSON.stringify(version)}`);
  if (typeof licence !== 'string' || licence === '') throw new InvalidFileError(path, 'licence', 'expected the gateway licence');
  if (!Array.isArray(keys) || keys.length === 0) throw new InvalidFileError(path, 'keys', 'expected a non-empty array of private JWKs');
  const kids = new Set<string>();
  keys.forEach((key: unknown, i) => {
    const k = (typeof key === 'object' && key !== null ? key : {}) as Record<string, unknown>;
    if (k.kty !== 'EC' || k.crv !== 'P-256') throw new InvalidFileError(path, `keys[${i}]`, `expected an EC P-256 key for ${GATEWAY_ALGORITHM}`);
    if (typeof k.d !== 'string') throw new InvalidFileError(path, `keys[${i}].d`, 'missing the private part');
    if (typeof k.kid !== 'string' || k.kid === '') throw new InvalidFileError(path, `keys[${i}].kid`, 'expected a key id');
    if (kids.has(k.kid)) throw new InvalidFileError(path, `keys[${i}].kid`, `duplicate kid "${k.kid}"`);
    kids.add(k.kid);
  });
  if (typeof active !== 'string' || !kids.has(active)) throw new InvalidFileError(path, 'active', 'expected the kid of one of the keys');
  return { version: FORMAT_VERSION, licence, active, keys: keys as JWK[] };
}
