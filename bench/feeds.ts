/**
 * Which body goes out next. The echo feeds simply cycle through the pool. The gateway feed
 * keeps its place across phases (a body is never sent twice unless it is meant to be a
 * duplicate), re-renders bodies with new ids once the pool wraps, sends a duplicate only once its
 * original has been answered (a real client resends after losing an answer, not while the first
 * copy is still in flight), and renders a status check or cancel request about a claim the
 * gateway has accepted (its own target if accepted, else a recent one; each claim cancelled once).
 */
import { TASK_CATEGORIES, type Category, type Kind, type PoolEntry } from './message-pool.js';

export interface Dispatch {
  readonly kind: Kind;
  readonly category: Category;
  readonly sender: string;
  readonly body: Buffer;
  /** MessageHeader.id of `body`: the payer's answer names it. */
  readonly headerId: string;
  readonly entry: PoolEntry;
}

export interface Feed {
  next(): Dispatch;
  /** The response to `dispatch` arrived; `accepted` when the gateway accepted the message. */
  completed(dispatch: Dispatch, accepted: boolean): void;
}

const dispatchOf = (entry: PoolEntry): Dispatch => ({ kind: entry.kind, category: entry.category, sender: entry.sender, body: entry.body, headerId: entry.headerId, entry });

export class EchoFeed implements Feed {
  readonly #pool: readonly PoolEntry[];
  #cursor = 0;

  constructor(pool: readonly PoolEntry[]) {
    this.#pool = pool;
  }

  next(): Dispatch {
    if (this.#cursor >= this.#pool.length) this.#cursor = 0;
    return dispatchOf(this.#pool[this.#cursor++]!);
  }

  completed(): void {}
}

/** Recently accepted messages a duplicate or a task may fall back on when its own original is not answered yet. */
const RECENT = 256;

class Ring<T> {
  readonly #items: T[] = [];
  #at = 0;

  push(item: T): void {
    if (this.#items.length < RECENT) this.#items.push(item);
    else {
      this.#items[this.#at] = item;
      this.#at = (this.#at + 1) % RECENT;
    }
  }

  /** The newest item that passes `fits`. */
  latest(fits: (item: T) => boolean = () => true): T | undefined {
    for (let i = 1; i <= this.#items.length; i += 1) {
      const item = this.#items[(this.#at + this.#items.length - i) % this.#items.length]!;
      if (fits(item)) return item;
    }
    return undefined;
  }
}

export class GatewayFeed implements Feed {
  readonly #pool: PoolEntry[];
  #cursor = 0;
  #epoch = 0;
  readonly #recent = new Ring<{ sender: string; body: Buffer; headerId: string }>();
  readonly #recentClaims = new Ring<PoolEntry>();
  /** Bodies re-rendered with fresh ids after the pool wrapped. */
  renewed = 0;
  /** Duplicates and tasks that used another accepted message because their own was not answered yet. */
  substituted = 0;
  /** Duplicate and task slots skipped because nothing fitting had been accepted yet. */
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
      if (entry.kind === 'duplicate') {
        const dispatch = this.#duplicate(entry);
        if (dispatch) return dispatch;
      } else if (entry.kind === 'valid' && TASK_CATEGORIES.has(entry.category)) {
        const dispatch = this.#task(entry);
        if (dispatch) return dispatch;
      } else return dispatchOf(entry);
      this.skipped += 1;
    }
    throw new Error('the pool holds no message that can be sent');
  }

  #duplicate(entry: PoolEntry): Dispatch | undefined {
    const original = this.#pool[entry.original!]!;
    if (original.accepted && original.epoch === this.#epoch) return { ...dispatchOf(entry), sender: original.sender, body: original.body, headerId: original.headerId };
    const recent = this.#recent.latest();
    if (!recent) return undefined;
    this.substituted += 1;
    return { ...dispatchOf(entry), ...recent };
  }

  #task(entry: PoolEntry): Dispatch | undefined {
    const cancel = entry.category === 'cancel';
    const usable = (claim: PoolEntry) => claim.accepted && claim.epoch === this.#epoch && !(cancel && claim.cancelled);
    let target: PoolEntry | undefined = this.#pool[entry.original!]!;
    if (!usable(target)) {
      target = this.#recentClaims.latest(usable);
      if (!target) return undefined;
      this.substituted += 1;
    }
    if (cancel) target.cancelled = true;
    const task = target.template!.task![entry.category as 'status' | 'cancel'](target.claimKey);
    entry.body = task.body;
    entry.headerId = task.headerId;
    entry.sender = target.sender;
    return dispatchOf(entry);
  }

  completed(dispatch: Dispatch, accepted: boolean): void {
    if (dispatch.kind !== 'valid' || !accepted) return;
    const entry = dispatch.entry;
    // Only if the entry still holds this body (it is not re-rendered while in flight, but be sure).
    if (entry.body !== dispatch.body) return;
    entry.accepted = true;
    if (!TASK_CATEGORIES.has(entry.category)) this.#recent.push({ sender: dispatch.sender, body: dispatch.body, headerId: dispatch.headerId });
    if (entry.template?.task) this.#recentClaims.push(entry);
  }

  #renew(entry: PoolEntry): void {
    entry.epoch = this.#epoch;
    entry.accepted = false;
    entry.cancelled = false;
    if (entry.template) {
      const rendered = entry.template.render();
      entry.body = rendered.body;
      entry.headerId = rendered.headerId;
      entry.claimKey = rendered.claimKey;
      this.renewed += 1;
    }
  }
}
