/**
 * Which body goes out next. The echo feed simply cycles through the pool. The gateway feed
 * keeps its place across phases (a body is never sent twice unless it is meant to be a
 * duplicate), re-renders bodies with new ids once the pool wraps, and sends a duplicate only
 * once its original has been answered: a real client resends after losing an answer, not while
 * the first copy is still in flight (that case is a known gateway bug, see bench/README.md).
 */
import type { Kind, PoolEntry } from './message-pool.js';

export interface Dispatch {
  readonly kind: Kind;
  readonly sender: string;
  readonly body: Buffer;
  readonly entry: PoolEntry;
}

export interface Feed {
  next(): Dispatch;
  /** The response to `dispatch` arrived; `accepted` when the gateway accepted the message. */
  completed(dispatch: Dispatch, accepted: boolean): void;
}

export class EchoFeed implements Feed {
  readonly #pool: readonly PoolEntry[];
  #cursor = 0;

  constructor(pool: readonly PoolEntry[]) {
    this.#pool = pool;
  }

  next(): Dispatch {
    if (this.#cursor >= this.#pool.length) this.#cursor = 0;
    const entry = this.#pool[this.#cursor++]!;
    return { kind: entry.kind, sender: entry.sender, body: entry.body, entry };
  }

  completed(): void {}
}

/** Recently accepted bodies a duplicate may resend when its own original is not answered yet. */
const RECENT = 256;

export class GatewayFeed implements Feed {
  readonly #pool: PoolEntry[];
  #cursor = 0;
  #epoch = 0;
  readonly #recent: { sender: string; body: Buffer }[] = [];
  #recentAt = 0;
  /** Bodies re-rendered with fresh ids after the pool wrapped. */
  renewed = 0;
  /** Duplicates that resent another accepted message because their original was not answered yet. */
  substituted = 0;
  /** Duplicate slots skipped because nothing had been accepted yet. */
  skipped = 0;

  constructor(pool: PoolEntry[]) {
    this.#pool = pool;
  }

  get wrapped(): number {
    return this.#epoch;
  }

  next(): Dispatch {
    for (let tries = 0; tries <= this.#pool.length; tries += 1) {
      if (this.#cursor >= this.#pool.length) {
        this.#cursor = 0;
        this.#epoch += 1;
      }
      const entry = this.#pool[this.#cursor++]!;
      if (entry.epoch < this.#epoch) this.#renew(entry);
      if (entry.kind !== 'duplicate') return { kind: entry.kind, sender: entry.sender, body: entry.body, entry };

      const original = this.#pool[entry.original!]!;
      if (original.accepted && original.epoch === this.#epoch) return { kind: 'duplicate', sender: original.sender, body: original.body, entry };
      const recent = this.#recent.length > 0 ? this.#recent[(this.#recentAt + this.#recent.length - 1) % this.#recent.length] : undefined;
      if (recent) {
        this.substituted += 1;
        return { kind: 'duplicate', sender: recent.sender, body: recent.body, entry };
      }
      this.skipped += 1;
    }
    throw new Error('the pool holds no message that can be sent');
  }

  completed(dispatch: Dispatch, accepted: boolean): void {
    if (dispatch.kind !== 'valid' || !accepted) return;
    const entry = dispatch.entry;
    // Only if the entry still holds this body (it is not re-rendered while in flight, but be sure).
    if (entry.body === dispatch.body) entry.accepted = true;
    const item = { sender: dispatch.sender, body: dispatch.body };
    if (this.#recent.length < RECENT) this.#recent.push(item);
    else {
      this.#recent[this.#recentAt] = item;
      this.#recentAt = (this.#recentAt + 1) % RECENT;
    }
  }

  #renew(entry: PoolEntry): void {
    entry.epoch = this.#epoch;
    entry.accepted = false;
    if (entry.template) {
      entry.body = entry.template.render();
      this.renewed += 1;
    }
  }
}
