/**
 * Storage ports (SPEC section 10). The gateway talks to these interfaces only;
 * `store/embedded` (LMDB, the default) and, later, `store/redis` implement them.
 *
 * A write that answers a sender with HTTP 200 is always one atomic `accept` or `answer`
 * call, so a crash can never leave a recorded message without its queue entry or the
 * other way round.
 */

/** A message exactly as it is delivered: the bytes are kept, never re-serialised. */
export interface StoredMessage {
  readonly bundleId: string;
  readonly event: string;
  /** The exact JSON text, so recipients can verify signatures over these bytes. */
  readonly body: string;
}

export type ExchangeState = 'rejected' | 'queued' | 'answered';

/**
 * One message and what became of it; keyed by sender and MessageHeader.id (ids are unique per
 * sender, as NPHIES's BV-00127/BV-00532 say: two participants may happen to use the same id).
 */
export interface ExchangeRecord {
  readonly headerId: string;
  readonly bundleId: string;
  readonly sender: string;
  readonly recipient: string;
  readonly event: string;
  /** SHA-256 of the exact request bytes: a byte-identical resend has the same hash. */
  readonly contentHash: string;
  readonly receivedAt: number;
  readonly state: ExchangeState;
  /** The answer the sender received or will receive (an error response for `rejected`). */
  readonly answer?: StoredMessage;
  readonly answeredAt?: number;
  /** Business identifiers of the focal resources (`system|value`), newest exchange wins. */
  readonly focalIdentifiers?: readonly string[];
}

export interface QueueEntryInput {
  readonly recipient: string;
  readonly sender: string;
  readonly message: StoredMessage;
}

export interface QueueEntry extends QueueEntryInput {
  readonly enqueuedAt: number;
  /** How many times it has been handed out; 1 on first delivery. */
  readonly deliveries: number;
  /** Epoch ms until which it is leased to the recipient; 0 when not leased. */
  readonly leaseUntil: number;
}

export interface LeaseOptions {
  readonly count: number;
  readonly leaseMs: number;
  /** Only these events (mutually exclusive with `exclude`). */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface QueueStats {
  readonly depth: number;
  /** Entries not currently leased: what the next poll could get. */
  readonly available: number;
  readonly oldestEnqueuedAt?: number;
}

export interface MessageStore {
  findExchange(sender: string, headerId: string): Promise<ExchangeRecord | undefined>;
  findExchangeByBundle(sender: string, bundleId: string): Promise<ExchangeRecord | undefined>;
  /** The latest exchange whose focal resource had this business identifier (`system|value`). */
  findExchangeByFocalIdentifier(identifier: string): Promise<ExchangeRecord | undefined>;
  /** Records a request and, when given, enqueues it for its recipient, atomically. */
  accept(record: ExchangeRecord, enqueue?: QueueEntryInput): Promise<void>;
  /**
   * Records the answer to an exchange, atomically with: removing the answered request from the
   * answering party's queue (`ackFrom`) and, when the sender was not answered synchronously,
   * queuing the answer for it (`enqueue`).
   */
  answer(
    request: ExchangeKey,
    answer: StoredMessage,
    effects: AnswerEffects,
  ): Promise<void>;
}

export interface ExchangeKey {
  readonly sender: string;
  readonly headerId: string;
}

export interface AnswerEffects {
  /** The answering message's own exchange record (so a resend of it is recognised). */
  readonly record?: ExchangeRecord;
  readonly ackFrom?: { recipient: string; bundleId: string };
  readonly enqueue?: QueueEntryInput;
}

export interface MessageQueue {
  /** Leases the oldest matching, unleased messages of a recipient, in FIFO order. */
  lease(recipient: string, options: LeaseOptions): Promise<QueueEntry[]>;
  /** Removes delivered messages; returns how many were removed. Unknown ids are ignored. */
  ack(recipient: string, bundleIds: readonly string[]): Promise<number>;
  stats(recipient: string): Promise<QueueStats>;
  /** Messages queued for a recipient, leased or not; O(1), for the `queued-messages` tag on every answer. */
  depth(recipient: string): Promise<number>;
}

export interface GatewayStore extends MessageStore, MessageQueue {
  /** True when reads and writes can be served (`/readyz`). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Raised by adapters when the backing store cannot be reached; maps to 503 + Retry-After. */
export class StoreUnavailableError extends Error {
  readonly code = 'WASL_ERR_STORE_UNAVAILABLE';
  constructor(cause: unknown) {
    super('message store unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}
