/**
 * `wasl keys rotate` and `wasl keys list` (issue 11, item 4): a new ES256 key is appended to the
 * gateway key file and made active; the older keys stay in the file, so their public halves stay
 * in the JWKS and every message signed before the rotation still verifies. Running gateways pick
 * the change up from the file (gateway-key-ring.ts), no restart.
 *
 * The file is rewritten atomically (temp file, fsync, rename), and a lock file created exclusively
 * keeps two concurrent rotations from each appending to the same old list and losing a key.
 */
import { open, unlink } from 'node:fs/promises';
import type { JWK } from 'jose';
import { InvalidFileError, isErrno, readJsonFile, writeFileAtomic } from './files.js';
import { GATEWAY_ALGORITHM, GATEWAY_KEY_FILE_MODE, parseGatewayKeyFile, serialiseGatewayKeyFile, type GatewayKeyFile } from './gateway-keys.js';
import { generatePrivateJwk } from './jwk.js';
import { securityPaths } from './paths.js';

export interface GatewayKeySummary {
  readonly kid: string;
  readonly alg: string;
  /** Signs new messages and tokens; the others only verify. */
  readonly active: boolean;
}

export interface KeyRotation {
  readonly kid: string;
  readonly previous: string;
  /** Every key after the rotation, oldest first. */
  readonly keys: readonly GatewayKeySummary[];
}

export interface RotateOptions {
  /**
   * Called once the new key file is durable, e.g. to append a key-change entry to the ledger.
   * Awaited: a failure rejects `rotateGatewayKey`, but the rotation itself has happened by then.
   */
  readonly onRotated?: (rotation: KeyRotation) => void | Promise<void>;
}

/** Public facts about each key of the file, oldest first (never the private parts). */
export async function listGatewayKeys(dataDir: string): Promise<GatewayKeySummary[]> {
  return summarise(await readKeyFile(securityPaths(dataDir).gatewayKeys));
}

/** Appends a new ES256 key, makes it active, and returns what changed. */
export async function rotateGatewayKey(dataDir: string, options: RotateOptions = {}): Promise<KeyRotation> {
  const path = securityPaths(dataDir).gatewayKeys;
  const rotation = await withLock(`${path}.lock`, async () => {
    const file = await readKeyFile(path);
    const key = await generatePrivateJwk(GATEWAY_ALGORITHM);
    const next: GatewayKeyFile = { ...file, active: key.kid!, keys: [...file.keys, key] };
    await writeFileAtomic(path, serialiseGatewayKeyFile(next), GATEWAY_KEY_FILE_MODE);
    return { kid: next.active, previous: file.active, keys: summarise(next) };
  });
  await options.onRotated?.(rotation);
  return rotation;
}

async function readKeyFile(path: string): Promise<GatewayKeyFile> {
  const raw = await readJsonFile(path);
  if (raw === undefined) throw new InvalidFileError(path, undefined, 'missing: run `wasl init` to create the gateway keys');
  return parseGatewayKeyFile(path, raw);
}

function summarise(file: GatewayKeyFile): GatewayKeySummary[] {
  return file.keys.map((key: JWK) => ({ kid: key.kid!, alg: key.alg ?? GATEWAY_ALGORITHM, active: key.kid === file.active }));
}

async function withLock<T>(lockPath: string, action: () => Promise<T>): Promise<T> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', GATEWAY_KEY_FILE_MODE);
  } catch (err) {
    if (isErrno(err, 'EEXIST')) {
      throw new InvalidFileError(lockPath, undefined, 'another key rotation is in progress (remove this file if no `wasl keys rotate` is running)');
    }
    throw err;
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return await action();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
