/**
 * The gateway keys of a running gateway, following the key file (issue 11, item 4): after
 * `wasl keys rotate` in another process, every gateway signs with the new key within about a
 * second and publishes the new JWKS, without a restart.
 *
 * A timer stats the file at most once per `checkIntervalMs` (fs.watch misses renames on some
 * filesystems and in containers with bind mounts; one stat a second is nothing). Reads on the hot
 * path (`signer`, `jwks`) are plain field reads: no I/O where messages are signed. A file that
 * became unreadable or malformed keeps the last good keys and is reported through `onError`.
 */
import { stat } from 'node:fs/promises';
import type { JWK } from 'jose';
import { InvalidFileError, isErrno } from './files.js';
import { gatewayJwks, loadGatewayKeys, type GatewayKeys } from './gateway-keys.js';
import { MessageSigner } from './message-signing.js';
import { securityPaths } from './paths.js';

export interface KeyRingChange {
  readonly previousKid: string;
  readonly kid: string;
}

export interface GatewayKeyRingOptions {
  /** How often the key file is checked; default 1000 ms; 0 disables the timer (call `refresh()`). */
  readonly checkIntervalMs?: number;
  /** A new active key was loaded (the ledger records key changes). Called in every gateway that sees it. */
  readonly onChanged?: (change: KeyRingChange) => void;
  /** The file changed but could not be loaded; the previous keys stay in use. */
  readonly onError?: (problem: unknown) => void;
}

interface Loaded {
  readonly keys: GatewayKeys;
  readonly signer: MessageSigner;
  readonly jwks: { keys: JWK[] };
  readonly version: string;
}

export class GatewayKeyRing {
  readonly #dataDir: string;
  readonly #path: string;
  readonly #options: GatewayKeyRingOptions;
  #current: Loaded;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<boolean> | undefined;
  /** The file version that last failed to load: reported once, not at every check. */
  #failedVersion: string | undefined;

  private constructor(dataDir: string, current: Loaded, options: GatewayKeyRingOptions) {
    this.#dataDir = dataDir;
    this.#path = securityPaths(dataDir).gatewayKeys;
    this.#current = current;
    this.#options = options;
    const interval = options.checkIntervalMs ?? 1000;
    if (interval > 0) {
      this.#timer = setInterval(() => void this.refresh(), interval);
      // Never the reason a process stays alive.
      this.#timer.unref();
    }
  }

  static async open(dataDir: string, options: GatewayKeyRingOptions = {}): Promise<GatewayKeyRing> {
    // Version first: a rotation between the stat and the read is then seen as a change at the next check.
    const version = await fileVersion(securityPaths(dataDir).gatewayKeys);
    return new GatewayKeyRing(dataDir, await load(dataDir, version), options);
  }

  /** Keys for access tokens (issuer, signing key, verification keys). */
  get keys(): GatewayKeys {
    return this.#current.keys;
  }

  /** Signs delivered messages with the active key. */
  get signer(): MessageSigner {
    return this.#current.signer;
  }

  /** The public JWK set for `/.well-known/jwks.json`; the same object until the keys change, so verifiers can cache on it. */
  get jwks(): { keys: JWK[] } {
    return this.#current.jwks;
  }

  /** Reloads when the file changed since the last load; resolves true when the keys were replaced. */
  refresh(): Promise<boolean> {
    this.#refreshing ??= this.#reloadIfChanged().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #reloadIfChanged(): Promise<boolean> {
    let version: string | undefined;
    try {
      version = await fileVersion(this.#path);
      if (version === this.#current.version || version === this.#failedVersion) return false;
      const previousKid = this.#current.signer.kid;
      this.#current = await load(this.#dataDir, version);
      if (this.#current.signer.kid !== previousKid) this.#options.onChanged?.({ previousKid, kid: this.#current.signer.kid });
      return true;
    } catch (problem) {
      const failed = version ?? 'cannot stat';
      if (failed !== this.#failedVersion) this.#options.onError?.(problem);
      this.#failedVersion = failed;
      return false;
    }
  }
}

async function load(dataDir: string, version: string): Promise<Loaded> {
  const keys = await loadGatewayKeys(dataDir);
  return { keys, signer: MessageSigner.fromGatewayKeys(keys), jwks: gatewayJwks(keys), version };
}

/** Changes on every atomic replace: the rename gives a new inode even within one mtime tick. */
async function fileVersion(path: string): Promise<string> {
  const s = await stat(path, { bigint: true }).catch((problem: unknown) => {
    throw isErrno(problem, 'ENOENT') ? new InvalidFileError(path, undefined, 'missing: run `wasl init` to create the gateway keys') : problem;
  });
  return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}
