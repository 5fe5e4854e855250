/**
 * Storage ports (SPEC section 10). The gateway talks to these interfaces only;
 * `store/embedded` (LMDB, the default) and, later, `store/redis` implement them.
 *
 * A write that answers a sender with HTTP 200 is always one atomic `accept` or `answer`
 * call, so a crash can never leave a recorded message without its queue entry or the
 * other way round.
 */
import type { ParticipantStore } from './participant-store.js';
import type { RiskHistory, RiskHistoryRecord } from './risk-history.js';

/** A message exactly as it is delivered: the bytes are kept, never re-serialised. */
export interface StoredMessage {
  readonly bundleId: string;
  readonly event: string;
  /** The exact JSON text, so recipients can verify signatures over these bytes. */
  readonly body: string;
  /** SHA-256 (hex) of `body`, when the caller has it already (adapters compute it otherwise). */
  readonly sha256?: string;
  /** The gateway's detached JWS over exactly `body`, fixed when the message is queued (SPEC section 7). */
  readonly signature?: string;
  /** `kid` of the key that made `signature`. */
  readonly kid?: string;
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
  /**
   * SHA-256 of the message with its MessageHeader.id left out: tells BV-00540 (same content, new
   * header id) from BV-00127. Only on records written before it was computed on demand from the archive.
   */
  readonly contentHashWithoutHeaderId?: string;
  readonly receivedAt: number;
  readonly state: ExchangeState;
  /** The answer the sender received or will receive (an error response for `rejected`). */
  readonly answer?: StoredMessage;
  readonly answeredAt?: number;
  /** When the addressee's own answer (not the gateway's) was recorded: a request has one final answer. */
  readonly respondedAt?: number;
  /**
   * Index keys of the focal resources' business identifiers (opaque digests binding each
   * identifier to sender and receiver, see routing/business-keys.ts); newest exchange wins.
   * Adapters never index a rejected exchange.
   */
  readonly businessKeys?: readonly string[];
  /** Set on a claim or prior authorization once its payer confirmed a cancel or nullify request. */
  readonly cancellation?: Cancellation;
  /** For cancel-request and status-check: the earlier exchange the Task acts on. */
  readonly actsOn?: { readonly exchange: ExchangeKey; readonly action: TaskAction };
  /** The risk stage's approval probability (issue 14), kept so the answer's ledger entry can set it beside the payer's decision (issue 15). */
  readonly approvalProbability?: number;
}

/** What a provider's Task asks about an earlier claim or prior authorization. */
export type TaskAction = 'cancel' | 'nullify' | 'status';

export interface Cancellation {
  readonly kind: 'cancel' | 'nullify';
  readonly at: number;
  /** MessageHeader.id of the provider's cancel-request. */
  readonly requestHeaderId: string;
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
  /**
   * Bound on deliveries (WASL_MAX_DELIVERIES): a message already handed out this many times is
   * not handed out again but moved, in the same write, to its recipient's dead letters.
   * Left out, a message is redelivered without bound.
   */
  readonly maxDeliveries?: number;
}

/**
 * A message taken out of the live queue after `maxDeliveries` deliveries without an
 * acknowledgement: kept whole (exact bytes) until an operator replays it.
 */
export interface DeadLetter extends QueueEntryInput {
  readonly enqueuedAt: number;
  /** Deliveries it had when it was dead-lettered. */
  readonly deliveries: number;
  readonly deadLetteredAt: number;
}

export interface QueueStats {
  readonly depth: number;
  /** Entries not currently leased: what the next poll could get. */
  readonly available: number;
  readonly oldestEnqueuedAt?: number;
  /** Entries handed out more than once (their lease expired before an acknowledgement). */
  readonly redelivered: number;
}

export interface RecipientQueueStats extends QueueStats {
  readonly recipient: string;
}

/**
 * What the ledger records beside a state change that the record itself does not hold (the
 * findings' codes, the answer's outcome, keyed patient hashes, the sender's own signature).
 */
/**
 * Report facts (issue 15), recorded on new entries only (older entries lack them; reports count
 * what is there). On `accepted` priorauth and claim requests: item counts and the risk results;
 * on an `answered` first answer: what the answer says about its request.
 */
export interface ReportFacts {
  /** Claim.item count of an accepted priorauth or claim request. */
  readonly items?: number;
  /** Of those, items whose productOrService is coded in a Saudi Billing System code system. */
  readonly sbsItems?: number;
  /** FWA families that fired (one DetectedIssue each), sorted. */
  readonly families?: readonly string[];
  /** The RiskAssessment's approval probability (on `accepted`), or the answered request's (on `answered`). */
  readonly probability?: number;
  /** On a first `answered`: the request's event, ms from its acceptance, and whether inside the synchronous window. */
  readonly requestEvent?: string;
  readonly turnaroundMs?: number;
  readonly inWindow?: boolean;
  /** On a first `answered` ClaimResponse: the payer's decision and its adjudication reason codes (sorted). */
  readonly decision?: 'approved' | 'rejected';
  readonly reasons?: readonly string[];
}

export interface LedgerNote extends ReportFacts {
  readonly outcome?: string;
  readonly codes?: readonly string[];
  /** Keyed hashes (HMAC with the hub secret) of the patients and practitioners named: never identifiers in clear. */
  readonly patientKeys?: readonly string[];
  /** The sender's detached JWS over what it sent, when it signed (non-repudiation). */
  readonly senderSignature?: string;
}

/** A message as received, kept after its delivery and acknowledgement for the archive's retention. */
export interface ArchivedMessage {
  readonly sender: string;
  readonly recipient: string;
  readonly event: string;
  readonly bundleId: string;
  readonly headerId: string;
  readonly receivedAt: number;
  /** The exact bytes received (and, when signed, delivered). */
  readonly body: string;
  readonly signature?: string;
  readonly kid?: string;
}

/**
 * The message archive (issue 11, item 6): the bodies of what participants sent, readable by their
 * sender and recipient after acknowledgement, until pruned; the ledger keeps their hashes for good.
 */
export interface MessageArchive {
  /** A message `participant` sent or received, by its Bundle.id (what it sent first). */
  archivedMessage(participant: string, bundleId: string): Promise<ArchivedMessage | undefined>;
  /** Removes the bodies of messages received before `beforeMs`; returns how many. */
  pruneArchive(beforeMs: number): Promise<number>;
}

export interface MessageStore {
  findExchange(sender: string, headerId: string): Promise<ExchangeRecord | undefined>;
  findExchangeByBundle(sender: string, bundleId: string): Promise<ExchangeRecord | undefined>;
  /** The latest accepted exchange indexed under this business key (see `ExchangeRecord.businessKeys`). */
  findExchangeByBusinessKey(key: string): Promise<ExchangeRecord | undefined>;
  /**
   * Records a request and, when given, enqueues it for its recipient, atomically. Throws
   * `DuplicateExchangeError` (and writes nothing) when the sender already used this Bundle.id or
   * MessageHeader.id: several gateway instances may receive copies of one message at once.
   * `archive` is the message as received; when the queued bytes differ (the gateway appended its
   * risk results, issue 14) the addressee reads back what it was delivered, the sender what it sent.
   * `risk` is written to the risk history in the same write (see risk-history.ts).
   */
  accept(record: ExchangeRecord, enqueue?: QueueEntryInput, note?: LedgerNote, archive?: StoredMessage, risk?: RiskHistoryRecord): Promise<void>;
  /**
   * Records the answer to an exchange (archiving `answer` under `effects.record`), atomically with: removing the answered request from the
   * answering party's queue (`ackFrom`) and, when the sender was not answered synchronously,
   * queuing the answer for it (`enqueue`). Throws `DuplicateExchangeError` when `effects.record`
   * reuses an id of its sender.
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
  /** A confirmed cancel/nullify: marks the cancelled exchange in the same write. */
  readonly cancels?: { readonly exchange: ExchangeKey; readonly cancellation: Cancellation };
  /**
   * Refuse, writing nothing (`AlreadyAnsweredError`), when the request already has an answer from
   * its addressee: checked inside the write, so two answers racing on two instances cannot both pass.
   * Left out for corrections (a reissued ClaimResponse).
   */
  readonly firstAnswer?: boolean;
  /** Recorded on the `answered` ledger entry. */
  readonly note?: LedgerNote;
}

export interface MessageQueue {
  /** Leases the oldest matching, unleased messages of a recipient, in FIFO order. */
  lease(recipient: string, options: LeaseOptions): Promise<QueueEntry[]>;
  /** Removes delivered messages; returns how many were removed. Unknown ids are ignored. */
  ack(recipient: string, bundleIds: readonly string[]): Promise<number>;
  stats(recipient: string): Promise<QueueStats>;
  /** The queue entry of one message, if it is still queued (status-check: queued or delivered). */
  queued(recipient: string, bundleId: string): Promise<QueueEntry | undefined>;
  /** Messages queued for a recipient, leased or not; O(1), for the `queued-messages` tag on every answer. */
  depth(recipient: string): Promise<number>;
  /** Stats of every recipient that has queued messages (for `/metrics`). */
  queueReport(): Promise<RecipientQueueStats[]>;
  /** Dead letters of one recipient, or of every recipient; oldest dead-lettered first. */
  deadLetters(recipient?: string): Promise<DeadLetter[]>;
  /**
   * Moves one queued message to its recipient's dead letters now, in one write with its ledger
   * entry (a push payer that keeps refusing it, see routing/push); false when it is not queued.
   */
  deadLetter(recipient: string, bundleId: string): Promise<boolean>;
  /**
   * Moves a dead letter back to the end of its recipient's live queue (deliveries start again
   * from 0, bytes unchanged), atomically; false when there is no such dead letter.
   */
  replayDeadLetter(recipient: string, bundleId: string): Promise<boolean>;
}

/**
 * A rest-hook subscription (FHIR R4 Subscription, backport conventions): the owner is told when
 * a message lands in its queue. The owner is always the subscriber's own licence.
 */
export interface SubscriptionRecord {
  readonly id: string;
  /** Licence of the participant whose queue is watched (the authenticated caller). */
  readonly owner: string;
  readonly endpoint: string;
  /** Extra HTTP headers (`Name: value`) sent with every notification (Subscription.channel.header). */
  readonly headers: readonly string[];
  /** What a notification carries: nothing but the event count, or the ids of what arrived. */
  readonly content: 'empty' | 'id-only';
  readonly status: 'active' | 'error' | 'off';
  readonly createdAt: number;
  /** Notifications sent so far (the backport's eventsSinceSubscriptionStart). */
  readonly eventCount: number;
  /** The Subscription resource as last read back to its owner. */
  readonly resource: string;
}

export interface SubscriptionStore {
  saveSubscription(subscription: SubscriptionRecord): Promise<void>;
  findSubscription(id: string): Promise<SubscriptionRecord | undefined>;
  subscriptionsOf(owner: string): Promise<SubscriptionRecord[]>;
  /** Returns false when there was no such subscription. */
  removeSubscription(id: string): Promise<boolean>;
}

/**
 * Keys that may be used once until they expire, shared by every instance: a client assertion's
 * `jti` replayed to another gateway instance must be refused there too (SMART Backend Services).
 */
export interface OnceKeys {
  /** Records `key` until `expiresAtMs`; false when it is already recorded and not yet expired. */
  claimOnce(key: string, expiresAtMs: number): Promise<boolean>;
}

/**
 * The exchange ledger (SPEC section 7): an append-only, hash-chained record of every state change,
 * written by the adapters in the same atomic write as the change itself (`accept`, `answer`,
 * `lease`, `ack`, `replayDeadLetter`), one chain per hub whatever the number of instances.
 */
export type LedgerKind =
  | 'accepted'
  | 'rejected'
  | 'answered'
  | 'delivered'
  | 'acknowledged'
  | 'cancelled'
  | 'dead-lettered'
  | 'replayed'
  | 'participant'
  | 'key';

/** An entry's facts: what happened to which message (see ledger-chain.ts for the encoding). */
export interface LedgerFacts extends ReportFacts {
  readonly sender?: string;
  readonly recipient?: string;
  readonly event?: string;
  readonly bundleId?: string;
  readonly headerId?: string;
  /** SHA-256 (hex) of the exact bytes received from the sender. */
  readonly receivedHash?: string;
  /** SHA-256 (hex) of the exact bytes queued for (and delivered to) the recipient. */
  readonly deliveredHash?: string;
  /** The gateway key that signed the delivered bytes. */
  readonly kid?: string;
  readonly outcome?: string;
  readonly codes?: readonly string[];
  /** On an `answered` entry: MessageHeader.id of the request answered. */
  readonly requestHeaderId?: string;
  readonly senderSignature?: string;
  readonly patientKeys?: readonly string[];
  /** On `participant` and `key` entries: the licence or key id changed. */
  readonly subject?: string;
  readonly detail?: string;
}

export interface LedgerEntry {
  /** 1, 2, 3...: no gaps. */
  readonly seq: number;
  /** Epoch ms of the write. */
  readonly at: number;
  readonly kind: LedgerKind;
  /** On `delivered`: which delivery of the message this was (1 = first). */
  readonly n?: number;
  /** Hash of the entry before (GENESIS_HASH for the first). */
  readonly prev: string;
  readonly hash: string;
  /** Canonical JSON of the facts, exactly as hashed. */
  readonly body: string;
}

export interface LedgerHead {
  /** 0 while the ledger is empty. */
  readonly seq: number;
  readonly hash: string;
}

export interface LedgerStore {
  ledgerHead(): Promise<LedgerHead>;
  /** Entries from `fromSeq` on, in order, at most `limit`. */
  readLedger(fromSeq: number, limit: number): Promise<LedgerEntry[]>;
  /** Records a change with no other state in this store (participant and key changes). */
  appendLedger(kind: LedgerKind, facts: LedgerFacts): Promise<LedgerEntry>;
}

export interface GatewayStore extends MessageStore, MessageQueue, SubscriptionStore, OnceKeys, LedgerStore, MessageArchive, ParticipantStore, RiskHistory {
  /** True when reads and writes can be served (`/readyz`). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** The sender already used this id: nothing was written; re-read the exchange that holds it. */
export class DuplicateExchangeError extends Error {
  readonly code = 'WASL_ERR_DUPLICATE_EXCHANGE';
  constructor(
    readonly sender: string,
    readonly id: string,
    readonly kind: 'bundle' | 'header',
  ) {
    super(`${sender} already used ${kind === 'bundle' ? 'Bundle.id' : 'MessageHeader.id'} ${id}`);
    this.name = 'DuplicateExchangeError';
  }
}

/** The request already has its addressee's answer: nothing was written. */
export class AlreadyAnsweredError extends Error {
  readonly code = 'WASL_ERR_ALREADY_ANSWERED';
  constructor(readonly request: ExchangeKey) {
    super(`${request.sender}/${request.headerId} already has an answer`);
    this.name = 'AlreadyAnsweredError';
  }
}

/**
 * Signals between gateway instances (in-process for the embedded store, pub/sub over Redis):
 * hints that wake waiting work, never the only copy of anything.
 */
export interface QueueSignal {
  readonly recipient: string;
  readonly bundleId: string;
  readonly event: string;
}

export interface GatewaySignals {
  /** A message was queued for `recipient`: wakes long polls waiting on any instance. */
  queued(signal: QueueSignal): void;
  onQueued(listener: (signal: QueueSignal) => void): () => void;
  /** The participant registry changed (issue 13): every instance reloads it. A hint with no payload; a version check backs it up. */
  participantsChanged(): void;
  onParticipantsChanged(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Resolves with the answer, or `undefined` when the window closed first (the provider gets `queued`). */
export interface PendingAnswer {
  readonly answer: Promise<StoredMessage | undefined>;
  /** Gives up the wait (e.g. the request could not be committed). */
  cancel(): void;
}

/** Settles a claimed waiter: exactly once, with the answer once recorded, or `undefined` if recording failed. */
export type DeliverAnswer = (answer: StoredMessage | undefined) => void;

/**
 * Providers waiting inside the synchronous window (SPEC section 6), possibly on another instance.
 * Whoever takes a waiter first (the answer's `claim`, or the window's timeout) owns it: a claimed
 * answer is handed to the waiting provider and not queued; an unclaimed one is queued.
 */
export interface AnswerWaiters {
  /** Starts waiting for the answer to the request under `key` (sender and MessageHeader.id), at most `windowMs`. */
  wait(key: string, windowMs: number): PendingAnswer;
  /** Takes the waiter of a request if one is still waiting on any instance. */
  claim(key: string): Promise<DeliverAnswer | undefined>;
  /** Graceful shutdown: every local waiter answers `queued` at once. */
  releaseAll(): void;
}

/** Raised by adapters when the backing store cannot be reached; maps to 503 + Retry-After. */
export class StoreUnavailableError extends Error {
  readonly code = 'WASL_ERR_STORE_UNAVAILABLE';
  constructor(cause: unknown) {
    super('message store unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}
