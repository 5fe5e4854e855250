/**
 * Providers waiting inside the synchronous window (SPEC section 6) when several processes of an
 * embedded cluster share one LMDB environment: the provider's request may wait in worker A while
 * the payer's answer arrives at worker B. The same rules as over Redis (store/redis/redis-waiters.ts),
 * with the primary process holding the window tokens instead of Redis:
 *   - `wait` registers the window with the primary before the request is committed (IPC messages
 *     from one worker arrive in order, and the commit's fsync takes far longer than the hop);
 *   - whoever takes the token first owns the waiter: B's `claim` (the answer is then handed to A
 *     through the primary and not queued), or A's window timer (compare-and-delete of its own
 *     token: the provider gets `queued` and a later answer is queued for it);
 *   - when A's timer loses the race, A waits a grace period for the answer, reading the store
 *     (the source of truth) in case the hand-over was lost.
 * If the primary missed the registration, nobody can claim the window: the answer is queued and
 * the provider polls it, as when the window closes. Nothing is lost or handed over twice.
 */
import cluster from 'node:cluster';
import type { DeliverAnswer, StoredMessage } from '../ports.js';
import { SharedWindowWaiters } from '../shared-window-waiters.js';
import type { ClusterChannel } from './cluster-channel.js';

export interface ClusterAnswerWaitersOptions {
  readonly channel: ClusterChannel;
  /** The answer recorded for the request under `key`, if any (see store/waited-answer.ts). */
  readonly recordedAnswer: (key: string) => Promise<StoredMessage | undefined>;
  /** How long a waiter whose request was claimed by another worker waits for that answer (default 6000 ms). */
  readonly graceMs?: number;
  /** How often the store is read during the grace period (default 250 ms). */
  readonly graceReadMs?: number;
}

/** Margin past the window for the primary to forget a token whose worker never closed it (it died). */
const TOKEN_MARGIN_MS = 1000;

export class ClusterAnswerWaiters extends SharedWindowWaiters {
  readonly #channel: ClusterChannel;
  readonly #stopListening: () => void;
  /** This worker's id, as the primary names the holder of a window. */
  readonly #self = cluster.worker?.id ?? 0;

  constructor(options: ClusterAnswerWaitersOptions) {
    super(options);
    this.#channel = options.channel;
    this.#stopListening = options.channel.on('deliver', ({ key, answer }) => void this.handOver(key, answer ?? undefined));
  }

  /**
   * Posted, not asked: a worker's messages reach the primary in order, so the registration arrives
   * before anything that follows the commit. Whether it took is learnt at release (the primary
   * answers "released" for a window it never held).
   */
  protected async register(key: string, token: string, windowMs: number, replacing: boolean): Promise<boolean> {
    this.#channel.post({ op: 'register', key, token, ttlMs: windowMs + TOKEN_MARGIN_MS, replace: replacing });
    return true;
  }

  protected async releaseToken(key: string, token: string): Promise<boolean> {
    const { released } = await this.#channel.request<{ released: boolean }>({ op: 'release', key, token });
    return released;
  }

  async claim(key: string): Promise<DeliverAnswer | undefined> {
    const { holder } = await this.#channel.request<{ holder: number | null }>({ op: 'claim', key });
    if (holder === null) return undefined;
    let delivered = false;
    return (answer) => {
      if (delivered) return;
      delivered = true;
      if (holder === this.#self && this.handOver(key, answer)) return;
      // If this is lost, the waiting worker reads the answer from the store instead.
      this.#channel.post({ op: 'deliver', to: holder, key, answer: answer ?? null });
    };
  }

  async close(): Promise<void> {
    this.#stopListening();
    this.settleAll();
  }
}
