/**
 * The embedded store: LMDB through `lmdb` (prebuilt binaries from the npm registry, no compiler
 * and no server). One environment in `<dataDir>/store` holds the exchanges, the idempotency
 * index and every recipient's queue, so each gateway write is one LMDB transaction: once the
 * promise resolves the transaction is committed to the file, and a `kill -9` of the process
 * cannot undo it (the pages are in the kernel's cache even before they reach the disk).
 *
 * One gateway process owns an embedded store; several gateway processes scale out over Redis
 * instead. LMDB serialises writers across processes, and the queue sequence is read inside each
 * write, so an offline command (`wasl queue replay`) may write beside a running gateway.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { boundedKey, keyFits, KeyTooLongError } from './key-limits.js';
import { probed, type LmdbReadProbe } from './read-probe.js';
import { LmdbParticipantRecords } from './participant-records.js';
import { LmdbRiskHistory } from './risk-history.js';
import type { RiskHistoryItem, RiskHistoryRecord, ServicePeerStats } from '../risk-history.js';
import type { ParticipantCondition, ParticipantSnapshot, ParticipantWriteResult, StoredParticipant } from '../participant-store.js';
import { chainEntry, GENESIS_HASH, type EncodedFacts } from '../ledger-chain.js';
import { addresseeMayRead, answerReference, archivedMeta, archiveView, deliveredCopy, signatureFields, withAnswerBody } from '../message-fields.js';
import { acceptEntry, answerEntry, cancelEntry, changeEntry, queuedMessageFacts, type PlannedEntry } from '../ledger-facts.js';
import {
  AlreadyAnsweredError,
  DuplicateExchangeError,
  StoreUnavailableError,
  type AnswerEffects,
  type ArchivedMessage,
  type DeadLetter,
  type ExchangeKey,
  type ExchangeRecord,
  type GatewayStore,
  type LeaseOptions,
  type LedgerEntry,
  type LedgerFacts,
  type LedgerHead,
  type LedgerKind,
  type LedgerNote,
  type QueueEntry,
  type QueueEntryInput,
  type QueueStats,
  type RecipientQueueStats,
  type StoredMessage,
  type SubscriptionRecord,
} from '../ports.js';

type QueueKey = [recipient: string, seq: number];
type EventKey = [recipient: string, event: string, seq: number];
type LeaseKey = [recipient: string, leaseUntil: number, seq: number];
type CounterKey = [recipient: string, counter: 'leased' | 'redelivered'];

/**
 * What a queue scan reads: small, so leasing and counting never decode message bodies,
 * which live apart in `queue-bodies` under the same key.
 */
interface QueueSlot {
  readonly sender: string;
  readonly bundleId: string;
  readonly event: string;
  readonly enqueuedAt: number;
  readonly deliveries: number;
  readonly leaseUntil: number;
}
/**
 * What a queued message keeps beside its body, read only when it is handed out, acknowledged or
 * dead-lettered: its ledger facts (see ledger-facts.ts) and the gateway's signature over the body.
 */
interface QueueFacts {
  readonly facts: EncodedFacts;
  readonly signature?: string;
  readonly kid?: string;
}
/** A dead letter as stored: the queue slot as it was, its body, and when it left the queue. */
interface DeadSlot extends QueueSlot {
  readonly body: string;
  readonly deadLetteredAt: number;
  readonly queueFacts?: QueueFacts;
}
/** [participant licence, id]: Bundle and MessageHeader ids are unique per participant. */
type BundleKey = [owner: string, id: string];

const SEQ_KEY = 'queue-seq';
/** Sequence number of the last ledger entry (0 or absent: the ledger is empty). */
const LEDGER_SEQ_KEY = 'ledger-seq';
/** Present once the queue indexes below have been built from the queue (see #buildQueueIndexes). */
const QUEUE_INDEXES_KEY = 'queue-indexes';
const QUEUE_INDEXES_VERSION = 1;
/** Above every queue sequence and lease end: the open end of a key range. */
const TOP = Number.MAX_SAFE_INTEGER;

export interface LmdbStoreOptions {
  readonly dataDir: string;
  readonly now?: () => number;
  /** Counts the store's LMDB reads (tests only: see read-probe.ts). */
  readonly probe?: LmdbReadProbe;
}

export class LmdbStore implements GatewayStore {
  readonly #root: RootDatabase;
  readonly #exchanges: Database<ExchangeRecord, BundleKey>;
  /** [sender, Bundle.id] → MessageHeader.id: Bundle ids are unique per sender (BV-00127). */
  readonly #bundles: Database<string, BundleKey>;
  readonly #queue: Database<QueueSlot, QueueKey>;
  readonly #bodies: Database<string, QueueKey>;
  /** [recipient, Bundle.id] → queue sequence, so acknowledgements find their entry directly. */
  readonly #queueIndex: Database<number, BundleKey>;
  readonly #meta: Database<number, string>;
  /** recipient → number of queued messages, kept in the same transactions as the queue. */
  readonly #depths: Database<number, string>;
  /** Business key (a digest, see ExchangeRecord.businessKeys) → [sender, MessageHeader.id] of the latest accepted exchange. */
  readonly #focal: Database<BundleKey, string>;
  readonly #subscriptions: Database<SubscriptionRecord, string>;
  /** One-time key → expiry (epoch ms). */
  readonly #once: Database<number, string>;
  /** [recipient, Bundle.id] → dead letter (see `LeaseOptions.maxDeliveries`). */
  readonly #dead: Database<DeadSlot, BundleKey>;
  readonly #queueFacts: Database<QueueFacts, QueueKey>;
  /*
   * Queue indexes (issue 12): what a poll needs, found without reading the queue. A slot is in
   * exactly one of `available` (never leased, or its lease expired and was taken back) and
   * `leases`. A lease moves it from the first to the second; the next lease of its recipient
   * moves every expired lease back (each lease is moved back once: amortised O(1) per lease),
   * so `available` alone, in seq order, gives the FIFO order of what can be handed out.
   */
  /** [recipient, seq] → 1: available slots, in queue order. */
  readonly #available: Database<1, QueueKey>;
  /** [recipient, event, seq] → 1: the same slots by event, for include and exclude filters. */
  readonly #availableByEvent: Database<1, EventKey>;
  /** [recipient, leaseUntil, seq] → event: leased slots by lease end, so expired ones are one range read. */
  readonly #leases: Database<string, LeaseKey>;
  /** [recipient, 'leased' | 'redelivered'] → count: entries of `leases`, and slots delivered more than once. */
  readonly #counters: Database<number, CounterKey>;
  /** seq → ledger entry (see ledger-chain.ts). */
  readonly #ledger: Database<LedgerEntry, number>;
  /** [sender, Bundle.id] → what is known of an archived message but its body (see MessageArchive). */
  readonly #archive: Database<Omit<ArchivedMessage, 'body'>, BundleKey>;
  /** [sender, Bundle.id] → its exact bytes, stored as a string (no encoding pass over 10 KB bodies). */
  readonly #archiveBodies: Database<string, BundleKey>;
  /** [recipient, Bundle.id] → sender: a recipient finds what it received. */
  readonly #archiveReceived: Database<string, BundleKey>;
  /** [receivedAt, sender, Bundle.id] → 1: pruning reads only what is old enough. */
  readonly #archiveTimes: Database<number, [number, string, string]>;
  /** [sender, Bundle.id] → the addressee's copy, when the gateway appended its risk results (issue 14). */
  readonly #archiveDelivered: Database<{ body: string; signature?: string; kid?: string }, BundleKey>;
  /** Lines of accepted claims by keyed patient, and billed-price statistics (see risk-history.ts). */
  readonly #risk: LmdbRiskHistory;
  /** licence → validated participant JSON, with its change counter in `meta` (see participant-records.ts). */
  readonly #participants: LmdbParticipantRecords;
  #nextOnceSweep = 0;
  readonly #now: () => number;
  #closed = false;

  private constructor(root: RootDatabase, now: () => number, probe?: LmdbReadProbe) {
    this.#root = root;
    const openDB = <V, K extends import('lmdb').Key>(options: { name: string; encoding?: 'string' }): Database<V, K> => probed(root.openDB<V, K>(options), probe);
    this.#exchanges = openDB({ name: 'exchanges' });
    this.#bundles = openDB({ name: 'bundles' });
    this.#queue = openDB({ name: 'queue' });
    this.#bodies = openDB({ name: 'queue-bodies', encoding: 'string' });
    this.#queueIndex = openDB({ name: 'queue-index' });
    this.#meta = openDB({ name: 'meta' });
    this.#depths = openDB({ name: 'depths' });
    this.#focal = openDB({ name: 'focal' });
    this.#subscriptions = openDB({ name: 'subscriptions' });
    this.#once = openDB({ name: 'once' });
    this.#dead = openDB({ name: 'dead-letters' });
    this.#queueFacts = openDB({ name: 'queue-facts' });
    this.#available = openDB({ name: 'queue-available' });
    this.#availableByEvent = openDB({ name: 'queue-available-events' });
    this.#leases = openDB({ name: 'queue-leases' });
    this.#counters = openDB({ name: 'queue-counters' });
    this.#ledger = openDB({ name: 'ledger' });
    this.#archive = openDB({ name: 'archive' });
    this.#archiveBodies = openDB({ name: 'archive-bodies', encoding: 'string' });
    this.#archiveReceived = openDB({ name: 'archive-received' });
    this.#archiveTimes = openDB({ name: 'archive-times' });
    this.#archiveDelivered = openDB({ name: 'archive-delivered' });
    this.#risk = new LmdbRiskHistory({ history: openDB({ name: 'risk-history' }), peers: openDB({ name: 'risk-peers' }) });
    this.#participants = new LmdbParticipantRecords({
      records: openDB({ name: 'participants', encoding: 'string' }),
      meta: this.#meta,
      appendInTxn: (planned) => this.#appendInTxn(planned),
      write: (action) => this.#write(action),
    });
    this.#now = now;
  }

  static open(options: LmdbStoreOptions): LmdbStore {
    const path = join(options.dataDir, 'store');
    mkdirSync(path, { recursive: true });
    // maxDbs: named databases above; compression off: messages are small and hashed/signed as bytes.
    const root = open({ path, maxDbs: 32, compression: false });
    const store = new LmdbStore(root, options.now ?? Date.now, options.probe);
    store.#buildQueueIndexes();
    return store;
  }

  /**
   * A store written before the queue indexes existed gets them here, once, in one transaction
   * (they are derived from the queue slots alone); a store that has them is not read beyond one key.
   */
  #buildQueueIndexes(): void {
    if (this.#meta.get(QUEUE_INDEXES_KEY) === QUEUE_INDEXES_VERSION) return;
    this.#root.transactionSync(() => {
      // Another process may have built them meanwhile: the check is repeated under the write lock.
      if (this.#meta.get(QUEUE_INDEXES_KEY) === QUEUE_INDEXES_VERSION) return;
      const counts = new Map<string, { leased: number; redelivered: number }>();
      for (const { key, value } of this.#queue.getRange()) {
        const [recipient, seq] = key;
        const count = counts.get(recipient) ?? { leased: 0, redelivered: 0 };
        counts.set(recipient, count);
        if (value.deliveries > 1) count.redelivered += 1;
        if (value.leaseUntil > 0) {
          // Expired or not: the next lease of this recipient takes expired ones back.
          this.#leases.put([recipient, value.leaseUntil, seq], value.event);
          count.leased += 1;
        } else this.#markAvailableInTxn(recipient, value.event, seq);
      }
      for (const [recipient, count] of counts) {
        this.#counters.put([recipient, 'leased'], count.leased);
        this.#counters.put([recipient, 'redelivered'], count.redelivered);
      }
      this.#meta.put(QUEUE_INDEXES_KEY, QUEUE_INDEXES_VERSION);
    });
  }

  async findExchange(sender: string, headerId: string): Promise<ExchangeRecord | undefined> {
    return this.#read(() => (keyFits(sender, headerId) ? this.#restored(this.#exchanges.get([sender, headerId])) : undefined));
  }

  async findExchangeByBundle(sender: string, bundleId: string): Promise<ExchangeRecord | undefined> {
    return this.#read(() => {
      if (!keyFits(sender, bundleId)) return undefined;
      const headerId = this.#bundles.get([sender, bundleId]);
      return headerId === undefined ? undefined : this.#restored(this.#exchanges.get([sender, headerId]));
    });
  }

  async findExchangeByBusinessKey(businessKey: string): Promise<ExchangeRecord | undefined> {
    return this.#read(() => {
      const key = keyFits(businessKey) ? this.#focal.get(businessKey) : undefined;
      return key === undefined ? undefined : this.#restored(this.#exchanges.get(key));
    });
  }

  async accept(record: ExchangeRecord, enqueue?: QueueEntryInput, note?: LedgerNote, archive?: StoredMessage, risk?: RiskHistoryRecord): Promise<void> {
    // Encoded and digested before the transaction: the write lock is held as briefly as possible.
    const entry = acceptEntry(record, enqueue, note);
    const queued = enqueue ? queuedMessageFacts(enqueue) : undefined;
    await this.#write(() => {
      this.#refuseDuplicateInTxn(record);
      this.#recordInTxn(record);
      if (enqueue) this.#enqueueInTxn(enqueue, queued as EncodedFacts);
      if (archive) this.#archiveInTxn(record, archive, deliveredCopy(record, enqueue, archive));
      if (risk && record.state !== 'rejected') this.#risk.recordInTxn(risk);
      this.#appendInTxn(entry);
    });
  }

  async answer(
    request: ExchangeKey,
    answer: StoredMessage,
    effects: AnswerEffects,
  ): Promise<void> {
    const answered = answerEntry(request, answer, effects);
    const cancelled = cancelEntry(effects);
    const queued = effects.enqueue ? queuedMessageFacts(effects.enqueue) : undefined;
    await this.#write(() => {
      const key: BundleKey = [request.sender, request.headerId];
      const record = this.#exchanges.get(key);
      // Checked before anything is written: a refused answer leaves no trace.
      if (effects.firstAnswer && record?.respondedAt !== undefined) throw new AlreadyAnsweredError(request);
      if (effects.record) {
        this.#refuseDuplicateInTxn(effects.record);
        this.#recordInTxn(effects.record);
        this.#archiveInTxn(effects.record, answer);
      }
      const now = this.#now();
      // The answer's bytes go to the archive (below): the record keeps a reference, not a third copy.
      const kept = effects.record ? answerReference(answer, effects.record.sender) : answer;
      if (record) this.#exchanges.put(key, { ...record, state: 'answered', answer: kept, answeredAt: now, respondedAt: now });
      if (effects.cancels) {
        const target: BundleKey = [effects.cancels.exchange.sender, effects.cancels.exchange.headerId];
        const cancelled = this.#exchanges.get(target);
        if (cancelled) this.#exchanges.put(target, { ...cancelled, cancellation: effects.cancels.cancellation });
      }
      this.#appendInTxn(answered);
      if (cancelled) this.#appendInTxn(cancelled);
      if (effects.ackFrom) this.#ackInTxn(effects.ackFrom.recipient, [effects.ackFrom.bundleId]);
      if (effects.enqueue) this.#enqueueInTxn(effects.enqueue, queued as EncodedFacts);
    });
  }

  async lease(recipient: string, options: LeaseOptions): Promise<QueueEntry[]> {
    const leased: QueueEntry[] = [];
    await this.#write(() => {
      const now = this.#now();
      this.#takeBackExpiredInTxn(recipient, now);
      const events = this.#wantedEvents(recipient, options);
      // Dead-lettered after the scan, as before the indexes: the ledger order stays the same.
      const exhausted: { key: QueueKey; value: QueueSlot }[] = [];
      let after = 0;
      while (leased.length < options.count) {
        const batch = this.#availableAfter(recipient, events, after, options.count - leased.length);
        if (batch.length === 0) break;
        for (const seq of batch) {
          after = seq;
          const key: QueueKey = [recipient, seq];
          const value = this.#queue.get(key);
          if (!value) continue;
          if (options.maxDeliveries !== undefined && value.deliveries >= options.maxDeliveries) {
            exhausted.push({ key, value });
            continue;
          }
          leased.push(this.#leaseSlotInTxn(recipient, seq, value, now + options.leaseMs));
        }
      }
      for (const { key, value } of exhausted) this.#deadLetterInTxn(recipient, key, value, now);
    });
    return leased;
  }

  /** Must run inside a write transaction: hands out one available slot until `leaseUntil`. */
  #leaseSlotInTxn(recipient: string, seq: number, value: QueueSlot, leaseUntil: number): QueueEntry {
    const key: QueueKey = [recipient, seq];
    const next: QueueSlot = { ...value, deliveries: value.deliveries + 1, leaseUntil };
    this.#queue.put(key, next);
    this.#available.remove(key);
    this.#availableByEvent.remove([recipient, value.event, seq]);
    this.#leases.put([recipient, leaseUntil, seq], value.event);
    this.#countInTxn(recipient, 'leased', 1);
    if (next.deliveries === 2) this.#countInTxn(recipient, 'redelivered', 1);
    const body = this.#bodies.get(key) ?? '';
    const facts = this.#queueFacts.get(key);
    if (facts) this.#appendInTxn({ kind: 'delivered', facts: facts.facts }, next.deliveries);
    return {
      recipient,
      sender: next.sender,
      message: { bundleId: next.bundleId, event: next.event, body, ...signatureFields(facts) },
      enqueuedAt: next.enqueuedAt,
      deliveries: next.deliveries,
      leaseUntil: next.leaseUntil,
    };
  }

  /**
   * Must run inside a write transaction: every lease of `recipient` that ended by `now` goes back
   * to the available slots (its queue slot keeps its last lease end, as `queued` reports it).
   */
  #takeBackExpiredInTxn(recipient: string, now: number): void {
    const expired = [...this.#leases.getRange({ start: [recipient, 0, 0], end: [recipient, now, TOP] })];
    for (const { key, value: event } of expired) {
      this.#leases.remove(key);
      this.#markAvailableInTxn(recipient, event, key[2]);
    }
    if (expired.length > 0) this.#countInTxn(recipient, 'leased', -expired.length);
  }

  /** The events a lease may take (undefined: all of them, read from the plain index). */
  #wantedEvents(recipient: string, options: LeaseOptions): readonly string[] | undefined {
    if (options.include) return options.include;
    if (!options.exclude) return undefined;
    const excluded = options.exclude;
    return this.#availableEvents(recipient).filter((event) => !excluded.includes(event));
  }

  /** Events that have available slots: one read per event, skipping from one event to the next. */
  #availableEvents(recipient: string): string[] {
    const events: string[] = [];
    let start: EventKey = [recipient, '', 0];
    for (;;) {
      const [key] = [...this.#availableByEvent.getKeys({ start, limit: 1 })];
      if (!key || key[0] !== recipient) return events;
      events.push(key[1]);
      start = [recipient, key[1], TOP];
    }
  }

  /**
   * The first `limit` available seqs after `after`, in queue order: of every wanted event's first
   * `limit`, merged (any of the overall first `limit` is among its own event's first `limit`).
   */
  #availableAfter(recipient: string, events: readonly string[] | undefined, after: number, limit: number): number[] {
    if (events === undefined) {
      return [...this.#available.getKeys({ start: [recipient, after + 1], end: [recipient, TOP], limit })].map((key) => key[1]);
    }
    const seqs = events.flatMap((event) =>
      [...this.#availableByEvent.getKeys({ start: [recipient, event, after + 1], end: [recipient, event, TOP], limit })].map((key) => key[2]),
    );
    return seqs.sort((a, b) => a - b).slice(0, limit);
  }

  /** Must run inside a write transaction. */
  #markAvailableInTxn(recipient: string, event: string, seq: number): void {
    this.#available.put([recipient, seq], 1);
    this.#availableByEvent.put([recipient, event, seq], 1);
  }

  /** Must run inside a write transaction. */
  #countInTxn(recipient: string, counter: CounterKey[1], delta: number): void {
    const key: CounterKey = [recipient, counter];
    const value = Math.max(0, (this.#counters.get(key) ?? 0) + delta);
    if (value === 0) this.#counters.remove(key);
    else this.#counters.put(key, value);
  }

  async ack(recipient: string, bundleIds: readonly string[]): Promise<number> {
    let removed = 0;
    await this.#write(() => {
      removed = this.#ackInTxn(recipient, bundleIds);
    });
    return removed;
  }

  async stats(recipient: string): Promise<QueueStats> {
    return this.#read(() => this.#statsOf(recipient));
  }

  async queueReport(): Promise<RecipientQueueStats[]> {
    return this.#read(() => {
      const report: RecipientQueueStats[] = [];
      for (const { key, value } of this.#depths.getRange()) {
        if (value > 0) report.push({ recipient: key, ...this.#statsOf(key) });
      }
      return report;
    });
  }

  async deadLetters(recipient?: string): Promise<DeadLetter[]> {
    // Few dead letters (each one is an operator's to-do): a scan is cheaper than another index.
    return this.#read(() =>
      [...this.#dead.getRange()]
        .filter(({ key }) => recipient === undefined || key[0] === recipient)
        .map(({ key, value }) => ({
          recipient: key[0],
          sender: value.sender,
          message: { bundleId: value.bundleId, event: value.event, body: value.body },
          enqueuedAt: value.enqueuedAt,
          deliveries: value.deliveries,
          deadLetteredAt: value.deadLetteredAt,
        }))
        .sort((a, b) => a.deadLetteredAt - b.deadLetteredAt),
    );
  }

  async deadLetter(recipient: string, bundleId: string): Promise<boolean> {
    if (!keyFits(recipient, bundleId)) return false;
    let moved = false;
    await this.#write(() => {
      const seq = this.#queueIndex.get([recipient, bundleId]);
      const slot = seq === undefined ? undefined : this.#queue.get([recipient, seq]);
      if (seq === undefined || !slot) return;
      this.#deadLetterInTxn(recipient, [recipient, seq], slot, this.#now());
      moved = true;
    });
    return moved;
  }

  async replayDeadLetter(recipient: string, bundleId: string): Promise<boolean> {
    if (!keyFits(recipient, bundleId)) return false;
    let replayed = false;
    await this.#write(() => {
      const dead = this.#dead.get([recipient, bundleId]);
      if (!dead) return;
      this.#dead.remove([recipient, bundleId]);
      const message = { bundleId, event: dead.event, body: dead.body, ...signatureFields(dead.queueFacts) };
      const input = { recipient, sender: dead.sender, message };
      const facts = dead.queueFacts?.facts ?? queuedMessageFacts(input);
      this.#enqueueInTxn(input, facts);
      this.#appendInTxn({ kind: 'replayed', facts });
      replayed = true;
    });
    return replayed;
  }

  async claimOnce(key: string, expiresAtMs: number): Promise<boolean> {
    let fresh = false;
    await this.#write(() => {
      const now = this.#now();
      if (now >= this.#nextOnceSweep) {
        // Entries live minutes at most (an assertion's lifetime): an occasional sweep bounds the table.
        this.#nextOnceSweep = now + 60_000;
        for (const { key: k, value } of this.#once.getRange()) if (value <= now) this.#once.remove(k);
      }
      const bounded = boundedKey(key);
      const until = this.#once.get(bounded);
      fresh = until === undefined || until <= now;
      if (fresh) this.#once.put(bounded, expiresAtMs);
    });
    return fresh;
  }

  async saveSubscription(subscription: SubscriptionRecord): Promise<void> {
    await this.#write(() => {
      this.#subscriptions.put(subscription.id, subscription);
    });
  }

  async findSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    return this.#read(() => (keyFits(id) ? this.#subscriptions.get(id) : undefined));
  }

  async subscriptionsOf(owner: string): Promise<SubscriptionRecord[]> {
    // Few subscriptions per hub (one or two per participant): a scan is cheaper than an index to keep.
    return this.#read(() => [...this.#subscriptions.getRange()].map((e) => e.value).filter((s) => s.owner === owner));
  }

  async removeSubscription(id: string): Promise<boolean> {
    let removed = false;
    if (!keyFits(id)) return false;
    await this.#write(() => {
      removed = this.#subscriptions.get(id) !== undefined;
      if (removed) this.#subscriptions.remove(id);
    });
    return removed;
  }

  async queued(recipient: string, bundleId: string): Promise<QueueEntry | undefined> {
    return this.#read(() => {
      if (!keyFits(recipient, bundleId)) return undefined;
      const seq = this.#queueIndex.get([recipient, bundleId]);
      const slot = seq === undefined ? undefined : this.#queue.get([recipient, seq]);
      if (seq === undefined || !slot) return undefined;
      const body = this.#bodies.get([recipient, seq]) ?? '';
      const signature = signatureFields(this.#queueFacts.get([recipient, seq]));
      return { recipient, sender: slot.sender, message: { bundleId, event: slot.event, body, ...signature }, enqueuedAt: slot.enqueuedAt, deliveries: slot.deliveries, leaseUntil: slot.leaseUntil };
    });
  }

  async depth(recipient: string): Promise<number> {
    return this.#read(() => this.#depths.get(recipient) ?? 0);
  }

  async ready(): Promise<boolean> {
    return !this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#root.close();
  }

  /**
   * O(1) in the depth: depth and redelivered are counters, the oldest entry is the first of the
   * queue, and available = depth - unexpired leases. Leases are counted from whichever side of
   * `now` ends first (expired ones not yet taken back, or unexpired ones, out of the `leased`
   * counter), so the cost is the smaller of the two: a handful either way in steady polling.
   */
  #statsOf(recipient: string): QueueStats {
    const now = this.#now();
    const depth = this.#depths.get(recipient) ?? 0;
    const redelivered = this.#counters.get([recipient, 'redelivered']) ?? 0;
    const available = depth - this.#unexpiredLeases(recipient, now);
    const [first] = [...this.#queue.getRange({ ...this.#range(recipient), limit: 1 })];
    const base = { depth, available: Math.max(0, available), redelivered };
    return first ? { ...base, oldestEnqueuedAt: first.value.enqueuedAt } : base;
  }

  #unexpiredLeases(recipient: string, now: number): number {
    const leased = this.#counters.get([recipient, 'leased']) ?? 0;
    if (leased === 0) return 0;
    const expired = this.#leases.getKeys({ start: [recipient, 0, 0], end: [recipient, now, TOP] })[Symbol.iterator]();
    const unexpired = this.#leases.getKeys({ start: [recipient, now, TOP], end: [recipient, TOP, TOP] })[Symbol.iterator]();
    try {
      for (let n = 0; ; n++) {
        if (expired.next().done) return leased - n;
        if (unexpired.next().done) return n;
      }
    } finally {
      expired.return?.();
      unexpired.return?.();
    }
  }

  /** Must run inside a write transaction: the check and the write are one atomic step. */
  #refuseDuplicateInTxn(record: ExchangeRecord): void {
    if (!keyFits(record.sender, record.bundleId) || !keyFits(record.sender, record.headerId)) throw new KeyTooLongError(`the ids of ${record.sender}'s message`);
    if (this.#bundles.get([record.sender, record.bundleId]) !== undefined) throw new DuplicateExchangeError(record.sender, record.bundleId, 'bundle');
    if (this.#exchanges.get([record.sender, record.headerId]) !== undefined) throw new DuplicateExchangeError(record.sender, record.headerId, 'header');
  }

  #range(recipient: string): { start: QueueKey; end: QueueKey } {
    return { start: [recipient, 0], end: [recipient, Number.MAX_SAFE_INTEGER] };
  }

  /** Must run inside a write transaction. */
  #recordInTxn(record: ExchangeRecord): void {
    this.#exchanges.put([record.sender, record.headerId], record);
    this.#bundles.put([record.sender, record.bundleId], record.headerId);
    // A rejected message never owns an identifier: it must not displace the accepted one.
    if (record.state !== 'rejected') for (const key of record.businessKeys ?? []) this.#focal.put(key, [record.sender, record.headerId]);
  }

  async archivedMessage(participant: string, bundleId: string): Promise<ArchivedMessage | undefined> {
    return this.#read(() => {
      if (!keyFits(participant, bundleId)) return undefined;
      const sender = this.#archive.get([participant, bundleId]) ? participant : this.#archiveReceived.get([participant, bundleId]);
      if (sender === undefined) return undefined;
      const meta = this.#archive.get([sender, bundleId]);
      const body = this.#archiveBodies.get([sender, bundleId]);
      if (!meta || body === undefined) return undefined;
      const delivered = sender === participant ? undefined : this.#archiveDelivered.get([sender, bundleId]);
      return archiveView({ ...meta, body, ...(delivered ? { delivered } : {}) }, participant);
    });
  }

  async pruneArchive(beforeMs: number): Promise<number> {
    let removed = 0;
    // In batches: a prune of years of traffic must not hold the write lock in one transaction.
    for (;;) {
      let batch = 0;
      await this.#write(() => {
        for (const { key } of this.#archiveTimes.getRange({ start: [0, '', ''], end: [beforeMs, '', ''], limit: 1000 })) {
          const [, sender, bundleId] = key;
          const archived = this.#archive.get([sender, bundleId]);
          if (archived) this.#archiveReceived.remove([archived.recipient, bundleId]);
          this.#archive.remove([sender, bundleId]);
          this.#archiveBodies.remove([sender, bundleId]);
          this.#archiveDelivered.remove([sender, bundleId]);
          this.#archiveTimes.remove(key);
          batch += 1;
        }
      });
      removed += batch;
      if (batch < 1000) return removed;
    }
  }

  /** Must run inside a write transaction. */
  #archiveInTxn(record: ExchangeRecord, message: StoredMessage, delivered?: StoredMessage): void {
    this.#archive.put([record.sender, record.bundleId], archivedMeta(record, message));
    this.#archiveBodies.put([record.sender, record.bundleId], message.body);
    if (delivered) this.#archiveDelivered.put([record.sender, record.bundleId], { body: delivered.body, ...signatureFields(delivered) });
    if (addresseeMayRead(record) && keyFits(record.recipient, record.bundleId)) this.#archiveReceived.put([record.recipient, record.bundleId], record.sender);
    this.#archiveTimes.put([record.receivedAt, record.sender, record.bundleId], 1);
  }

  async patientHistory(patientKey: string, fromDay: number, toDay: number, limit: number): Promise<RiskHistoryItem[]> {
    return this.#read(() => this.#risk.patientHistory(patientKey, fromDay, toDay, limit));
  }

  async peerStats(services: readonly string[], provider: string): Promise<ServicePeerStats[]> {
    return this.#read(() => this.#risk.peerStats(services, provider));
  }

  async ledgerHead(): Promise<LedgerHead> {
    return this.#read(() => this.#headInTxn());
  }

  async readLedger(fromSeq: number, limit: number): Promise<LedgerEntry[]> {
    return this.#read(() => [...this.#ledger.getRange({ start: Math.max(1, fromSeq), limit })].map(({ value }) => value));
  }

  async appendLedger(kind: LedgerKind, facts: LedgerFacts): Promise<LedgerEntry> {
    const planned = changeEntry(kind, facts);
    let entry: LedgerEntry | undefined;
    await this.#write(() => {
      entry = this.#appendInTxn(planned);
    });
    return entry as LedgerEntry;
  }

  async readParticipants(): Promise<ParticipantSnapshot> {
    return this.#read(() => this.#participants.read());
  }

  async participantsVersion(): Promise<number> {
    return this.#read(() => this.#participants.version());
  }

  async putParticipant(record: StoredParticipant, condition: ParticipantCondition, detail: string): Promise<ParticipantWriteResult> {
    return this.#participants.put(record, condition, detail);
  }

  async seedParticipants(records: readonly StoredParticipant[], detail: string): Promise<number> {
    return this.#participants.seed(records, detail);
  }

  /** A record as read from `exchanges`, with its answer's bytes back from the archive. */
  #restored(record: ExchangeRecord | undefined): ExchangeRecord | undefined {
    return record && withAnswerBody(record, (sender, bundleId) => this.#archiveBodies.get([sender, bundleId]));
  }

  /** Reads the head inside the write, not from a cache: an offline command may have appended since. */
  #headInTxn(): LedgerHead {
    const seq = this.#meta.get(LEDGER_SEQ_KEY) ?? 0;
    return { seq, hash: seq === 0 ? GENESIS_HASH : (this.#ledger.get(seq)?.hash ?? GENESIS_HASH) };
  }

  /** Must run inside a write transaction: the entry commits or rolls back with the change it records. */
  #appendInTxn(planned: PlannedEntry, n?: number): LedgerEntry {
    const entry = chainEntry(this.#headInTxn(), this.#now(), planned.kind, planned.facts.body, planned.facts.digest, n);
    this.#ledger.put(entry.seq, entry);
    this.#meta.put(LEDGER_SEQ_KEY, entry.seq);
    return entry;
  }

  /** Must run inside a write transaction. */
  #enqueueInTxn(input: QueueEntryInput, facts: EncodedFacts): void {
    if (!keyFits(input.recipient, input.message.bundleId)) throw new KeyTooLongError(`the Bundle.id queued for ${input.recipient}`);
    // Resending a message that is still queued must not queue it twice.
    if (this.#queueIndex.get([input.recipient, input.message.bundleId]) !== undefined) return;
    // Read inside the transaction, not cached: another process may have written since.
    const seq = (this.#meta.get(SEQ_KEY) ?? 0) + 1;
    this.#meta.put(SEQ_KEY, seq);
    const slot: QueueSlot = {
      sender: input.sender,
      bundleId: input.message.bundleId,
      event: input.message.event,
      enqueuedAt: this.#now(),
      deliveries: 0,
      leaseUntil: 0,
    };
    this.#queue.put([input.recipient, seq], slot);
    this.#bodies.put([input.recipient, seq], input.message.body);
    const { signature, kid } = input.message;
    this.#queueFacts.put([input.recipient, seq], { facts, ...(signature !== undefined ? { signature } : {}), ...(kid !== undefined ? { kid } : {}) });
    this.#queueIndex.put([input.recipient, input.message.bundleId], seq);
    this.#markAvailableInTxn(input.recipient, input.message.event, seq);
    this.#depths.put(input.recipient, (this.#depths.get(input.recipient) ?? 0) + 1);
  }

  /** Must run inside a write transaction: moves a queue entry, body and all, to the dead letters. */
  #deadLetterInTxn(recipient: string, key: QueueKey, slot: QueueSlot, now: number): void {
    const body = this.#bodies.get(key) ?? '';
    const queueFacts = this.#queueFacts.get(key);
    this.#dead.put([recipient, slot.bundleId], { ...slot, leaseUntil: 0, body, deadLetteredAt: now, ...(queueFacts ? { queueFacts } : {}) });
    this.#removeInTxn(recipient, [slot.bundleId], 'dead-lettered');
  }

  /** Must run inside a write transaction. */
  #ackInTxn(recipient: string, bundleIds: readonly string[]): number {
    return this.#removeInTxn(recipient, bundleIds, 'acknowledged');
  }

  /** Must run inside a write transaction: takes messages out of the queue, recording why. */
  #removeInTxn(recipient: string, bundleIds: readonly string[], why: 'acknowledged' | 'dead-lettered'): number {
    let removed = 0;
    for (const bundleId of bundleIds) {
      // An id too long to be a key was never queued.
      if (!keyFits(recipient, bundleId)) continue;
      const seq = this.#queueIndex.get([recipient, bundleId]);
      if (seq === undefined) continue;
      const facts = this.#queueFacts.get([recipient, seq]);
      if (facts) this.#appendInTxn({ kind: why, facts: facts.facts });
      const slot = this.#queue.get([recipient, seq]);
      if (slot) this.#unindexInTxn(recipient, seq, slot);
      this.#queue.remove([recipient, seq]);
      this.#bodies.remove([recipient, seq]);
      this.#queueFacts.remove([recipient, seq]);
      this.#queueIndex.remove([recipient, bundleId]);
      removed += 1;
    }
    if (removed > 0) this.#depths.put(recipient, Math.max(0, (this.#depths.get(recipient) ?? 0) - removed));
    return removed;
  }

  /** Must run inside a write transaction: a slot leaving the queue leaves its indexes and counters. */
  #unindexInTxn(recipient: string, seq: number, slot: QueueSlot): void {
    this.#available.remove([recipient, seq]);
    this.#availableByEvent.remove([recipient, slot.event, seq]);
    const lease: LeaseKey = [recipient, slot.leaseUntil, seq];
    if (slot.leaseUntil > 0 && this.#leases.doesExist(lease)) {
      this.#leases.remove(lease);
      this.#countInTxn(recipient, 'leased', -1);
    }
    if (slot.deliveries > 1) this.#countInTxn(recipient, 'redelivered', -1);
  }

  async #write(action: () => void): Promise<void> {
    if (this.#closed) throw new StoreUnavailableError(new Error('store closed'));
    try {
      await this.#root.transaction(action);
    } catch (cause) {
      if (cause instanceof DuplicateExchangeError || cause instanceof AlreadyAnsweredError || cause instanceof KeyTooLongError) throw cause;
      throw new StoreUnavailableError(cause);
    }
  }

  #read<T>(action: () => T): T {
    if (this.#closed) throw new StoreUnavailableError(new Error('store closed'));
    return action();
  }
}
