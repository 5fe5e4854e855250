/**
 * What the primary process of an embedded cluster knows (see store/embedded/cluster-protocol.ts):
 * who holds each open synchronous window and the rate-limit windows. Pure state: `handle` takes
 * one worker's message and returns what to send to whom, so the rules are tested without processes.
 */
import { MemoryRateCounter } from '../store/embedded/rate-counter.js';
import { CLUSTER_TAG, isClusterMessage, type PrimaryMessage, type ReplyValue, type WorkerMessage } from '../store/embedded/cluster-protocol.js';

export interface Outgoing {
  /** A worker id, or 'others' for every worker but the sender. */
  readonly to: number | 'others';
  readonly message: PrimaryMessage;
}

interface Window {
  readonly worker: number;
  readonly token: string;
  readonly expiresAt: number;
}

/** How long a claimed token is remembered, so its holder's release can tell "claimed" from "never held". */
const CLAIMED_MEMORY_MS = 60_000;
const SWEEP_INTERVAL_MS = 10_000;

export class ClusterCoordinator {
  readonly #windows = new Map<string, Window>();
  /** Tokens taken by a claim: key → token, until `expiresAt`. */
  readonly #claimed = new Map<string, { token: string; expiresAt: number }>();
  readonly #rates: MemoryRateCounter;
  readonly #now: () => number;
  #nextSweepAt = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#rates = new MemoryRateCounter({ now: this.#now });
  }

  /** The replies and relays for one message from worker `from`; anything not ours yields nothing. */
  handle(from: number, message: unknown): Outgoing[] {
    if (!isClusterMessage(message)) return [];
    const received = message as WorkerMessage;
    const now = this.#now();
    if (now >= this.#nextSweepAt) this.#sweep(now);
    switch (received.op) {
      case 'signal':
        return [{ to: 'others', message: { tag: CLUSTER_TAG, op: 'signal', name: received.name, payload: received.payload } }];
      case 'register': {
        const current = this.#live(received.key, now);
        if (current === undefined || (received.replace && current.worker === from)) {
          this.#windows.set(received.key, { worker: from, token: received.token, expiresAt: now + received.ttlMs });
        }
        return [];
      }
      case 'claim': {
        const current = this.#live(received.key, now);
        if (current) {
          this.#windows.delete(received.key);
          this.#claimed.set(received.key, { token: current.token, expiresAt: now + CLAIMED_MEMORY_MS });
        }
        return [reply(from, received.id, { holder: current?.worker ?? null })];
      }
      case 'release': {
        const current = this.#live(received.key, now);
        if (current?.token === received.token) {
          this.#windows.delete(received.key);
          return [reply(from, received.id, { released: true })];
        }
        // Not held by this token: claimed (the answer is on its way) or never held (lost a race, expired).
        const claimed = this.#claimed.get(received.key)?.token === received.token;
        return [reply(from, received.id, { released: !claimed })];
      }
      case 'deliver':
        return [{ to: received.to, message: { tag: CLUSTER_TAG, op: 'deliver', key: received.key, answer: received.answer } }];
      case 'hit':
        return [reply(from, received.id, this.#rates.hitNow(received.key, received.windowMs))];
      default:
        return [];
    }
  }

  /** A worker died: its windows can no longer be handed an answer (answers are queued instead). */
  forgetWorker(worker: number): void {
    for (const [key, window] of this.#windows) if (window.worker === worker) this.#windows.delete(key);
  }

  get openWindows(): number {
    return this.#windows.size;
  }

  #live(key: string, now: number): Window | undefined {
    const window = this.#windows.get(key);
    if (window && window.expiresAt <= now) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.expiresAt <= now) this.#windows.delete(key);
    for (const [key, claimed] of this.#claimed) if (claimed.expiresAt <= now) this.#claimed.delete(key);
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
  }
}

function reply(to: number, id: number, value: ReplyValue): Outgoing {
  return { to, message: { tag: CLUSTER_TAG, op: 'reply', id, value } };
}
