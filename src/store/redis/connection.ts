/**
 * The node-redis client as the gateway needs it: fail fast while Redis is away, come back by
 * itself when it returns.
 *
 * - `disableOfflineQueue`: a command issued while disconnected fails at once instead of waiting
 *   in memory for a reconnect that may never come (the sender gets 503 + Retry-After and resends).
 * - A reconnect strategy with capped backoff: the client keeps trying, at most every second.
 * - A command timeout: a Redis that accepts connections but does not answer cannot hang requests.
 */
import { createClient } from 'redis';
import { StoreUnavailableError } from '../ports.js';

export interface RedisConnectionOptions {
  readonly url: string;
  /** Longest wait for one command's reply, in ms (default 5000). */
  readonly commandTimeoutMs?: number;
}

const MAX_RECONNECT_DELAY_MS = 1000;
/** Attempts (about 6 s with the backoff) before a gateway that never reached Redis gives up starting. */
const STARTUP_ATTEMPTS = 10;

export function createWaslClient(options: RedisConnectionOptions) {
  let everReady = false;
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 5000 },
    socket: {
      connectTimeout: 2000,
      // Once connected, retry for as long as it takes; before that, a wrong URL must fail the start.
      reconnectStrategy: (retries: number, cause: Error) =>
        !everReady && retries >= STARTUP_ATTEMPTS ? cause : Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  });
  client.on('ready', () => {
    everReady = true;
  });
  // Without a listener an 'error' event would crash the process; the failures it reports reach
  // the callers as rejected commands, and the client reconnects by itself.
  client.on('error', () => undefined);
  return client;
}

export type WaslRedisClient = ReturnType<typeof createWaslClient>;

/** Connects, failing (instead of retrying forever) when Redis cannot be reached at start. */
export async function connectWaslClient(client: WaslRedisClient): Promise<void> {
  try {
    await client.connect();
  } catch (cause) {
    if (client.isOpen) client.destroy();
    throw new StoreUnavailableError(cause);
  }
}

/** Every failure of a store call becomes one coded error (503 + Retry-After), with the cause kept. */
export function unavailable(cause: unknown): StoreUnavailableError {
  return cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError(cause);
}

/** Closes a connection cleanly (QUIT after pending replies); when Redis is away there is nothing left to flush. */
export async function closeQuietly(client: WaslRedisClient): Promise<void> {
  if (!client.isOpen) return;
  try {
    await client.close();
  } catch {
    client.destroy();
  }
}
