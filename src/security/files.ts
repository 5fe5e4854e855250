/**
 * File primitives for security material. Every write goes to a temporary file that is
 * fsynced before it takes the final name, so a crash leaves either the old file or the new
 * one, never half of one. Key files are created exclusively: an existing key is never replaced.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Owner read/write only: private keys and anything that embeds them. */
export const PRIVATE_FILE_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;
/** Owner only: directories holding private keys. */
export const PRIVATE_DIR_MODE = 0o700;

/** A security file that is missing, unreadable or malformed; names the file and the field. */
export class InvalidFileError extends Error {
  // Same code as a bad environment variable: both stop the gateway at start with a clear message.
  readonly code = 'WASL_ERR_CONFIG';
  constructor(readonly file: string, readonly field: string | undefined, problem: string) {
    super(field ? `${file}: ${field}: ${problem}` : `${file}: ${problem}`);
    this.name = 'InvalidFileError';
  }
}

/** Replaces (or creates) `path` atomically: temp file, fsync, rename, fsync the directory. */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const temp = await writeTemp(path, data, mode);
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dirname(path));
}

/**
 * Creates `path` atomically only if it does not exist yet. `link` fails with EEXIST instead
 * of replacing, which is what protects existing keys even against a concurrent `wasl init`.
 * Resolves to false when the file was already there.
 */
export async function writeFileExclusive(path: string, data: string, mode: number): Promise<boolean> {
  const temp = await writeTemp(path, data, mode);
  try {
    await link(temp, path);
    await syncDirectory(dirname(path));
    return true;
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Reads and parses a JSON file; `undefined` when it does not exist. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw new InvalidFileError(path, undefined, `cannot read: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvalidFileError(path, undefined, `not valid JSON: ${(err as Error).message}`);
  }
}

export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw new InvalidFileError(path, undefined, `cannot read: ${(err as Error).message}`);
  }
}

export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

async function writeTemp(path: string, data: string, mode: number): Promise<string> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    // The umask can only remove bits, but be explicit: a private key must never be group-readable.
    await handle.chmod(mode);
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  return temp;
}

/** Makes a rename or link durable: the directory entry itself must reach the disk. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some filesystems refuse fsync on a directory; the data file itself is already synced.
    if (!isErrno(err, 'EINVAL') && !isErrno(err, 'EISDIR') && !isErrno(err, 'EPERM')) throw err;
  } finally {
    await handle.close();
  }
}
