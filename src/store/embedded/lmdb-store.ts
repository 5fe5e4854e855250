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
import { chainEntry, GENESIS_HASH, type EncodedFacts } from '../ledger-chain.js';
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

export interface LmdbStoreOptions {
  readonly dataDir: string;
  readonly now?: () => number;
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
  #nextOnceSweep = 0;
  readonly #now: () => number;
  #closed = false;

  private constructor(root: RootDatabase, now: () => number) {
    this.#root = root;
    this.#exchanges = root.openDB({ name: 'exchanges' });
    this.#bundles = root.openDB({ name: 'bundles' });
    this.#queue = root.openDB({ name: 'queue' });
    this.#bodies = root.openDB({ name: 'queue-bodies', encoding: 'string' });
    this.#queueIndex = root.openDB({ name: 'queue-index' });
    this.#meta = root.openDB({ name: 'meta' });
    this.#depths = root.openDB({ name: 'depths' });
    this.#focal = root.openDB({ name: 'focal' });
    this.#subscriptions = root.openDB({ name: 'subscriptions' });
    this.#once = root.openDB({ name: 'once' });
    this.#dead = root.openDB({ name: 'dead-letters' });
    this.#queueFacts = root.openDB({ name: 'queue-facts' });
    this.#ledger = root.openDB({ name: 'ledger' });
    this.#archive = root.openDB({ name: 'archive' });
    this.#archiveBodies = root.openDB({ name: 'archive-bodies', encoding: 'string' });
    this.#archiveReceived = root.openDB({ name: 'archive-received' });
    this.#archiveTimes = root.openDB({ name: 'archive-times' });
    this.#now = now;
  }

  static open(options: LmdbStoreOptions): LmdbStore {
    const path = join(options.dataDir, 'store');
    mkdirSync(path, { recursive: true });
    // maxDbs: named databases above; compression off: messages are small and hashed/signed as bytes.
    const root = open({ path, maxDbs: 24, compression: false });
    return new LmdbStore(root, options.now ?? Date.now);
  }

  async findExchange(sender: string, headerId: string): Promise<ExchangeRecord | undefined> {
    return this.#read(() => (keyFits(sender, headerId) ? this.#exchanges.get([sender, headerId]) : undefined));
  }

  async findExchangeByBundle(sender: string, bundleId: string): Promise<ExchangeRecord | undefined> {
    return this.#read(() => {
      if (!keyFits(sender, bundleId)) return undefined;
      const headerId = this.#bundles.get([sender, bundleId]);
      return headerId === undefined ? undefined : this.#exchanges.get([sender, headerId]);
    });
  }

  async findExchangeByBusinessKey(businessKey: string): Promise<ExchangeRecord | undefined> {
    return this.#read(() => {
      const key = keyFits(businessKey) ? this.#focal.get(businessKey) : undefined;
      return key === undefined ? undefined : this.#exchanges.get(key);
    });
  }

  async accept(record: ExchangeRecord, enqueue?: QueueEntryInput, note?: LedgerNote, archive?: StoredMessage): Promise<void> {
    // Encoded and digested before the transaction: the write lock is held as briefly as possible.
    const entry = acceptEntry(record, enqueue, note);
    const queued = enqueue ? queuedMessageFacts(enqueue) : undefined;
    await this.#write(() => {
      this.#refuseDuplicateInTxn(record);
      this.#recordInTxn(record);
      if (enqueue) this.#enqueueInTxn(enqueue, queued as EncodedFacts);
      if (archive) this.#archiveInTxn(record, archive);
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
      if (record) this.#exchanges.put(key, { ...record, state: 'answered', answer, answeredAt: now, respondedAt: now });
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
      // Moved after the scan: entries are not removed under the open range cursor.
      const exhausted: { key: QueueKey; value: QueueSlot }[] = [];
      for (const { key, value } of this.#queue.getRange(this.#range(recipient))) {
        if (leased.length >= options.count) break;
        if (value.leaseUntil > now) continue;
        if (options.include && !options.include.includes(value.event)) continue;
        if (options.exclude && options.exclude.includes(value.event)) continue;
        if (options.maxDeliveries !== undefined && value.deliveries >= options.maxDeliveries) {
          exhausted.push({ key, value });
          continue;
        }
        const next: QueueSlot = { ...value, deliveries: value.deliveries + 1, leaseUntil: now + options.leaseMs };
        this.#queue.put(key, next);
        const body = this.#bodies.get(key) ?? '';
        const facts = this.#queueFacts.get(key);
        if (facts) this.#appendInTxn({ kind: 'delivered', facts: facts.facts }, next.deliveries);
        leased.push({
          recipient,
          sender: next.sender,
          message: { bundleId: next.bundleId, event: next.event, body, ...signatureOf(facts) },
          enqueuedAt: next.enqueuedAt,
          deliveries: next.deliveries,
          leaseUntil: next.leaseUntil,
        });
      }
      for (const { key, value } of exhausted) this.#deadLetterInTxn(recipient, key, value, now);
    });
    return leased;
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

  async replayDeadLetter(recipient: string, bundleId: string): Promise<boolean> {
    if (!keyFits(recipient, bundleId)) return false;
    let replayed = false;
    await this.#write(() => {
      const dead = this.#dead.get([recipient, bundleId]);
      if (!dead) return;
      this.#dead.remove([recipient, bundleId]);
      const message = { bundleId, event: dead.event, body: dead.body, ...signatureOf(dead.queueFacts) };
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
      const signature = signatureOf(this.#queueFacts.get([recipient, seq]));
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

  #statsOf(recipient: string): QueueStats {
    const now = this.#now();
    let depth = 0;
    let available = 0;
    let redelivered = 0;
    let oldestEnqueuedAt: number | undefined;
    for (const { value } of this.#queue.getRange(this.#range(recipient))) {
      depth += 1;
      if (value.leaseUntil <= now) available += 1;
      if (value.deliveries > 1) redelivered += 1;
      if (oldestEnqueuedAt === undefined) oldestEnqueuedAt = value.enqueuedAt;
    }
    return oldestEnqueuedAt === undefined ? { depth, available, redelivered } : { depth, available, redelivered, oldestEnqueuedAt };
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
      return meta && body !== undefined ? { ...meta, body } : undefined;
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
          this.#archiveTimes.remove(key);
          batch += 1;
        }
      });
      removed += batch;
      if (batch < 1000) return removed;
    }
  }

  /** Must run inside a write transaction. */
  #archiveInTxn(record: ExchangeRecord, message: StoredMessage): void {
    const archived: Omit<ArchivedMessage, 'body'> = {
      sender: record.sender,
      recipient: record.recipient,
      event: record.event,
      bundleId: record.bundleId,
      headerId: record.headerId,
      receivedAt: record.receivedAt,
      ...signatureOf(message),
    };
    this.#archive.put([record.sender, record.bundleId], archived);
    this.#archiveBodies.put([record.sender, record.bundleId], message.body);
    if (keyFits(record.recipient, record.bundleId)) this.#archiveReceived.put([record.recipient, record.bundleId], record.sender);
    this.#archiveTimes.put([record.receivedAt, record.sender, record.bundleId], 1);
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
      this.#queue.remove([recipient, seq]);
      this.#bodies.remove([recipient, seq]);
      this.#queueFacts.remove([recipient, seq]);
      this.#queueIndex.remove([recipient, bundleId]);
      removed += 1;
    }
    if (removed > 0) this.#depths.put(recipient, Math.max(0, (this.#depths.get(recipient) ?? 0) - removed));
    return removed;
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

/** The gateway's signature kept with a queued message, as the message's optional fields. */
function signatureOf(facts: Pick<QueueFacts, 'signature' | 'kid'> | undefined): { signature?: string; kid?: string } {
  if (facts?.signature === undefined) return {};
  return facts.kid === undefined ? { signature: facts.signature } : { signature: facts.signature, kid: facts.kid };
}
