/**
 * Keyed hashes of patient and practitioner identifiers (issue 11, item 1): the ledger and the
 * projections built on it group by patient without holding an identifier in clear. A plain SHA-256
 * of a national ID would be reversed by hashing every possible ID (there are only ~10^10), so the
 * hash is an HMAC under a hub secret that never leaves the data directory.
 *
 * The secret is 32 random bytes, base64 in `<dataDir>/keys/hub-secret` (0600), created exclusively
 * and never replaced: a new secret would silently split every patient's history in two.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { InvalidFileError, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, readTextFile, writeFileExclusive } from './files.js';
import { securityPaths } from './paths.js';

export const HUB_SECRET_BYTES = 32;

/** A loaded hub secret; a class rather than a Buffer so it is not logged or serialised by accident. */
export class HubSecret {
  /** A KeyObject, imported once: HMAC with a raw Buffer key re-imports it on every call (~5x slower). */
  readonly #key: KeyObject;

  constructor(key: Buffer) {
    if (key.length !== HUB_SECRET_BYTES) throw new RangeError(`a hub secret is ${HUB_SECRET_BYTES} bytes, got ${key.length}`);
    this.#key = createSecretKey(Buffer.from(key));
  }

  /** HMAC-SHA256 (hex) of the message; callers use the domain-separated helpers below. */
  hmacHex(message: Buffer): string {
    return createHmac('sha256', this.#key).update(message).digest('hex');
  }

  toJSON(): string {
    return '[hub secret]';
  }
}

export interface HubSecretLoad {
  readonly secret: HubSecret;
  /** True when this call created the file (an existing data directory from before issue 11). */
  readonly created: boolean;
}

/** Creates the hub secret if it is missing; false when it existed (or another process won the race). */
export async function ensureHubSecret(dataDir: string): Promise<boolean> {
  const paths = securityPaths(dataDir);
  if ((await readTextFile(paths.hubSecret)) !== undefined) return false;
  await mkdir(paths.keysDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return writeFileExclusive(paths.hubSecret, `${randomBytes(HUB_SECRET_BYTES).toString('base64')}\n`, PRIVATE_FILE_MODE);
}

/**
 * Loads the hub secret, creating it when missing: `wasl start` runs `wasl init` only for a new data
 * directory, so a data directory made before the hub secret existed gets it here. Creation is
 * exclusive and the file is read back after it, so concurrent gateways end up with the same secret.
 */
export async function loadHubSecret(dataDir: string): Promise<HubSecretLoad> {
  const created = await ensureHubSecret(dataDir);
  const path = securityPaths(dataDir).hubSecret;
  const text = await readTextFile(path);
  if (text === undefined) throw new InvalidFileError(path, undefined, 'disappeared while being read');
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== HUB_SECRET_BYTES || key.toString('base64') !== text.trim()) {
    throw new InvalidFileError(path, undefined, `expected ${HUB_SECRET_BYTES} bytes in base64; do not replace it, every keyed hash already recorded depends on it`);
  }
  return { secret: new HubSecret(key), created };
}

/**
 * The keyed hash of an identifier. The domain and the length of `system` are part of the message,
 * so a patient key never equals a practitioner key of the same value and ("a|b", "c") cannot
 * collide with ("a", "b|c").
 */
export function keyedIdentifierHash(secret: HubSecret, domain: 'patient' | 'practitioner', system: string, value: string): string {
  const systemBytes = Buffer.from(system, 'utf8');
  return secret.hmacHex(Buffer.concat([Buffer.from(`wasl-${domain}-key-v1\n${systemBytes.length}\n`, 'utf8'), systemBytes, Buffer.from(value, 'utf8')]));
}

export function patientKey(secret: HubSecret, system: string, value: string): string {
  return keyedIdentifierHash(secret, 'patient', system, value);
}

export function practitionerKey(secret: HubSecret, system: string, value: string): string {
  return keyedIdentifierHash(secret, 'practitioner', system, value);
}
