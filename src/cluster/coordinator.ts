/**
 * What the primary process of an embedded cluster knows (see store/embedded/cluster-protocol.ts):
 * who holds each open synchronous window and the rate-limit windows. Pure state: `handle` takes
 * one worker's message and returns what to send to whom, so the rules are tested without processes.
 */
import { CLUSTER_TAG, isClusterMessage, type Batch, type PrimaryMessage, type RateWindowCounts, type ReplyValue, type WorkerMessage } from '../store/embedded/cluster-protocol.js';

export interface Outgoing {
  /** A worker id, 'others' for every worker but the sender, or 'all'. */
  readonly to: number | 'others' | 'all';
  readonly message: PrimaryMessage;
}

interface RateWindow {
  readonly resetAt: number;
  readonly byWorker: Map<number, number>;
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
  readonly #rates = new Map<string, RateWindow>();
  readonly #now: () => number;
  #nextSweepAt = 0;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** The replies and relays for one message from worker `from`; anything not ours yields nothing. */
  handle(from: number, message: unknown): Outgoing[] {
    if (!isClusterMessage(message)) return [];
    const received = message as WorkerMessage | Batch<WorkerMessage>;
    if (received.op === 'batch') return received.messages.flatMap((one) => this.handle(from, one));
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
      case 'rate': {
        const windows: RateWindowCounts[] = received.counts.map(([key, windowMs, count]) => {
          let window = this.#rates.get(key);
          if (window === undefined || window.resetAt <= now) {
            window = { resetAt: now + windowMs, byWorker: new Map() };
            this.#rates.set(key, window);
          }
          window.byWorker.set(from, (window.byWorker.get(from) ?? 0) + count);
          return { key, resetAt: window.resetAt, counts: [...window.byWorker] };
        });
        return [{ to: 'all', message: { tag: CLUSTER_TAG, op: 'rate', windows } }];
      }
      default:
        return [];
    }
  }

  /** A worker died: its windows can no longer be handed an answer (answers are queued instead). */
  forgetWorker(worker: number): void {
    for (const [key, window] of this.#windows) if (window.worker === worker) this.#windows.delete(key);
    // What it counted stays counted: a participant does not get a fresh budget because a worker died.
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
    for (const [key, window] of this.#rates) if (window.resetAt <= now) this.#rates.delete(key);
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
  }
}

function reply(to: number, id: number, value: ReplyValue): Outgoing {
  return { to, message: { tag: CLUSTER_TAG, op: 'reply', id, value } };
}
