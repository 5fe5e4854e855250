/**
 * The scaled-out store (SPEC section 10): every gateway process talks to one Redis, which holds
 * the exchanges, the idempotency indexes, the queues (Streams with a consumer group, see
 * queue-scripts.ts for the layout) and the subscriptions. Durability comes from Redis's AOF
 * (`appendonly yes`, `appendfsync always` for nothing-lost): a write acknowledged by Redis is
 * in the file before the gateway answers 200.
 *
 * Each gateway write (`accept`, `answer`, `ack`) is one Lua script, so it is atomic across
 * instances: two instances receiving copies of one message cannot both record it, and the
 * duplicate check writes nothing when it refuses.
 *
 * An exchange is a hash: `record` holds the JSON of what never changes; `state`, `answer`,
 * `answeredAt` and `cancellation` what later messages change, so no script has to decode and
 * re-encode JSON.
 */
import {
  AlreadyAnsweredError,
  DuplicateExchangeError,
  StoreUnavailableError,
  type AnswerEffects,
  type ArchivedMessage,
  type Cancellation,
  type DeadLetter,
  type ExchangeKey,
  type ExchangeRecord,
  type ExchangeState,
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
import { closeQuietly, connectWaslClient, createWaslClient, unavailable, type WaslRedisClient } from './connection.js';
import { RedisKeys } from './keys.js';
import { GENESIS_HASH, encoded } from '../ledger-chain.js';
import { addresseeMayRead, answerReference, archivedMeta, archiveView, deliveredCopy, signatureFields, withAnswerBody, type StoredArchive } from '../message-fields.js';
import { EMPTY_STATS, peerIncrements, type PeerStats, type RiskHistoryItem, type RiskHistoryRecord, type ServicePeerStats } from '../risk-history.js';
import { acceptEntry, answerEntry, cancelEntry, changeEntry, queuedMessageFacts, type PlannedEntry } from '../ledger-facts.js';
import { LuaScript } from './lua-script.js';
import { RedisParticipantRecords } from './participant-records.js';
import type { ParticipantCondition, ParticipantSnapshot, ParticipantWriteResult, StoredParticipant } from '../participant-store.js';
import { COMMIT_SCRIPT, DEAD_LETTER_SCRIPT, LEASE_SCRIPT, PRUNE_ARCHIVE_SCRIPT, QUEUED_SCRIPT, REPLAY_SCRIPT, STATS_SCRIPT, SUBSCRIPTION_SCRIPT } from './queue-scripts.js';

export const DEFAULT_REDIS_PREFIX = 'wasl:';

export interface RedisStoreOptions {
  readonly url: string;
  /** Prepended to every key and channel, so several hubs (or test runs) can share one Redis. */
  readonly prefix?: string;
  readonly now?: () => number;
  readonly commandTimeoutMs?: number;
}

const commit = new LuaScript(COMMIT_SCRIPT);
const leaseScript = new LuaScript(LEASE_SCRIPT);
const statsScript = new LuaScript(STATS_SCRIPT);
const queuedScript = new LuaScript(QUEUED_SCRIPT);
const subscriptionScript = new LuaScript(SUBSCRIPTION_SCRIPT);
const replayScript = new LuaScript(REPLAY_SCRIPT);
const pruneArchiveScript = new LuaScript(PRUNE_ARCHIVE_SCRIPT);
const deadLetterScript = new LuaScript(DEAD_LETTER_SCRIPT);

type CommitReply = ['ok', number, number] | ['duplicate', 'bundle' | 'header'] | ['answered'];
type LeaseRow = [bundleId: string, sender: string, event: string, enqueuedAt: string, body: string, deliveries: number, signature: string, kid: string];
type QueuedRow = [sender: string, event: string, enqueuedAt: string, body: string, deliveries: number, leaseUntil: string, signature: string, kid: string];
/** A dead letter as the lease script stored it (see queue-scripts.ts). */
interface DeadJson {
  bundleId: string;
  sender: string;
  event: string;
  enqueuedAt: string;
  body: string;
  deliveries: number;
  deadLetteredAt: string;
}
type StatsReply = [depth: number, available: number, redelivered: number, oldestEnqueuedAt: string];

export class RedisStore implements GatewayStore {
  readonly #client: WaslRedisClient;
  readonly #keys: RedisKeys;
  readonly #now: () => number;
  readonly #participants: RedisParticipantRecords;
  #closed = false;

  private constructor(client: WaslRedisClient, keys: RedisKeys, now: () => number) {
    this.#client = client;
    this.#keys = keys;
    this.#now = now;
    this.#participants = new RedisParticipantRecords({ client, keys, now, call: (action) => this.#call(action) });
  }

  /** Connects to Redis; rejects with `StoreUnavailableError` when it cannot be reached at start. */
  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const { url, commandTimeoutMs } = options;
    const client = createWaslClient(commandTimeoutMs === undefined ? { url } : { url, commandTimeoutMs });
    await connectWaslClient(client);
    return new RedisStore(client, new RedisKeys(options.prefix ?? DEFAULT_REDIS_PREFIX), options.now ?? Date.now);
  }

  /** The command connection, shared with the answer waiters (one ordered stream of commands per instance). */
  get client(): WaslRedisClient {
    return this.#client;
  }

  get keys(): RedisKeys {
    return this.#keys;
  }

  async findExchange(sender: string, headerId: string): Promise<ExchangeRecord | undefined> {
    return this.#call(async () => this.#restored(parseExchange(await this.#client.hGetAll(this.#keys.exchange(sender, headerId)))));
  }

  async findExchangeByBundle(sender: string, bundleId: string): Promise<ExchangeRecord | undefined> {
    return this.#call(async () => {
      const headerId = await this.#client.get(this.#keys.bundle(sender, bundleId));
      return headerId === null ? undefined : this.#restored(parseExchange(await this.#client.hGetAll(this.#keys.exchange(sender, headerId))));
    });
  }

  async findExchangeByBusinessKey(businessKey: string): Promise<ExchangeRecord | undefined> {
    return this.#call(async () => {
      const exchangeKey = await this.#client.get(this.#keys.focal(businessKey));
      return exchangeKey === null ? undefined : this.#restored(parseExchange(await this.#client.hGetAll(exchangeKey)));
    });
  }

  /** A record with its answer's bytes read back from the archive (one more GET, only for an answered record). */
  async #restored(record: ExchangeRecord | undefined): Promise<ExchangeRecord | undefined> {
    const reference = record?.answer as { archivedFrom?: string; bundleId: string } | undefined;
    if (!record || !reference?.archivedFrom) return record;
    const json = await this.#client.get(this.#keys.archived(reference.archivedFrom, reference.bundleId));
    const body = json === null ? undefined : (JSON.parse(json) as ArchivedMessage).body;
    return withAnswerBody(record, () => body);
  }

  async accept(record: ExchangeRecord, enqueue?: QueueEntryInput, note?: LedgerNote, archive?: StoredMessage, risk?: RiskHistoryRecord): Promise<void> {
    // Same order of effects as the embedded store, so both write the same ledger for the same traffic.
    const ops = [
      ...this.#recordOp(record),
      ...(enqueue ? this.#enqueueOp(enqueue) : []),
      ...(archive ? this.#archiveOp(record, archive, deliveredCopy(record, enqueue, archive)) : []),
      ...(risk && record.state !== 'rejected' ? this.#riskOps(risk) : []),
      ...ledgerOp(acceptEntry(record, enqueue, note)),
    ];
    await this.#commit(ops, record);
  }

  async answer(request: ExchangeKey, answer: StoredMessage, effects: AnswerEffects): Promise<void> {
    const ops = [
      // The record goes first: its duplicate check must run before anything is written.
      ...(effects.record ? [...this.#recordOp(effects.record), ...this.#archiveOp(effects.record, answer)] : []),
      'answered',
      this.#keys.exchange(request.sender, request.headerId),
      // The answer's bytes go to the archive in the same script: the record keeps a reference.
      JSON.stringify(effects.record ? answerReference(answer, effects.record.sender) : answer),
      effects.firstAnswer ? 'first' : 'any',
      ...(effects.cancels ? this.#cancelledOp(effects.cancels.exchange.sender, effects.cancels.exchange.headerId, effects.cancels.cancellation) : []),
      ...ledgerOp(answerEntry(request, answer, effects)),
      ...ledgerOp(cancelEntry(effects)),
      ...(effects.ackFrom ? this.#ackOp(effects.ackFrom.recipient, effects.ackFrom.bundleId) : []),
      ...(effects.enqueue ? this.#enqueueOp(effects.enqueue) : []),
    ];
    await this.#commit(ops, effects.record, request);
  }

  async lease(recipient: string, options: LeaseOptions): Promise<QueueEntry[]> {
    if (options.count <= 0) return [];
    const now = this.#now();
    const leaseUntil = now + options.leaseMs;
    const filter = options.include ? ['include', ...options.include] : options.exclude ? ['exclude', ...options.exclude] : ['all'];
    const rows = (await this.#call(() =>
      leaseScript.run(this.#client, [
        this.#keys.queue(recipient),
        String(now),
        String(options.count),
        String(leaseUntil),
        String(options.maxDeliveries ?? 0),
        this.#keys.queues,
        recipient,
        this.#keys.deadLetterRecipients,
        this.#keys.ledger,
        this.#keys.ledgerHead,
        ...filter,
      ]),
    )) as LeaseRow[];
    return rows.map(([bundleId, sender, event, enqueuedAt, body, deliveries, signature, kid]) => ({
      recipient,
      sender,
      message: { bundleId, event, body, ...signatureFields({ signature, kid }) },
      enqueuedAt: Number(enqueuedAt),
      deliveries,
      leaseUntil,
    }));
  }

  async ack(recipient: string, bundleIds: readonly string[]): Promise<number> {
    if (bundleIds.length === 0) return 0;
    return this.#commit(bundleIds.flatMap((bundleId) => this.#ackOp(recipient, bundleId)));
  }

  async stats(recipient: string): Promise<QueueStats> {
    return this.#call(() => this.#statsOf(recipient));
  }

  async queued(recipient: string, bundleId: string): Promise<QueueEntry | undefined> {
    return this.#call(async () => {
      const row = (await queuedScript.run(this.#client, [this.#keys.queue(recipient), bundleId])) as QueuedRow | null;
      if (!row) return undefined;
      const [sender, event, enqueuedAt, body, deliveries, leaseUntil, signature, kid] = row;
      return { recipient, sender, message: { bundleId, event, body, ...signatureFields({ signature, kid }) }, enqueuedAt: Number(enqueuedAt), deliveries, leaseUntil: Number(leaseUntil) };
    });
  }

  async depth(recipient: string): Promise<number> {
    return this.#call(async () => Number((await this.#client.get(`${this.#keys.queue(recipient)}depth`)) ?? 0));
  }

  async queueReport(): Promise<RecipientQueueStats[]> {
    return this.#call(async () => {
      const recipients = (await this.#client.sMembers(this.#keys.queues)).sort();
      const report = await Promise.all(recipients.map(async (recipient) => ({ recipient, ...(await this.#statsOf(recipient)) })));
      return report.filter((entry) => entry.depth > 0);
    });
  }

  async deadLetters(recipient?: string): Promise<DeadLetter[]> {
    return this.#call(async () => {
      const recipients = recipient === undefined ? await this.#client.sMembers(this.#keys.deadLetterRecipients) : [recipient];
      const lists = await Promise.all(
        recipients.map(async (r) =>
          (await this.#client.hVals(`${this.#keys.queue(r)}dead`)).map((json): DeadLetter => {
            const d = JSON.parse(json) as DeadJson;
            return {
              recipient: r,
              sender: d.sender,
              message: { bundleId: d.bundleId, event: d.event, body: d.body },
              enqueuedAt: Number(d.enqueuedAt),
              deliveries: d.deliveries,
              deadLetteredAt: Number(d.deadLetteredAt),
            };
          }),
        ),
      );
      return lists.flat().sort((a, b) => a.deadLetteredAt - b.deadLetteredAt);
    });
  }

  async deadLetter(recipient: string, bundleId: string): Promise<boolean> {
    const { queues, deadLetterRecipients, ledger, ledgerHead } = this.#keys;
    const args = [this.#keys.queue(recipient), recipient, bundleId, String(this.#now()), queues, deadLetterRecipients, ledger, ledgerHead];
    return (await this.#call(() => deadLetterScript.run(this.#client, args))) === 1;
  }

  async replayDeadLetter(recipient: string, bundleId: string): Promise<boolean> {
    const { sequence, queues, deadLetterRecipients, ledger, ledgerHead } = this.#keys;
    // Used only for a dead letter kept before the ledger existed, which has no facts of its own.
    const fallback = encoded({ recipient, bundleId });
    const args = [this.#keys.queue(recipient), recipient, bundleId, String(this.#now()), sequence, queues, deadLetterRecipients, ledger, ledgerHead, fallback.body, fallback.digest];
    return (await this.#call(() => replayScript.run(this.#client, args))) === 1;
  }

  async archivedMessage(participant: string, bundleId: string): Promise<ArchivedMessage | undefined> {
    return this.#call(async () => {
      let json = await this.#client.get(this.#keys.archived(participant, bundleId));
      if (json === null) {
        const key = await this.#client.get(this.#keys.archivedFor(participant, bundleId));
        json = key === null ? null : await this.#client.get(key);
      }
      return json === null ? undefined : archiveView(JSON.parse(json) as StoredArchive, participant);
    });
  }

  async patientHistory(patientKey: string, fromDay: number, toDay: number, limit: number): Promise<RiskHistoryItem[]> {
    if (limit <= 0) return [];
    return this.#call(async () => {
      // The latest `limit` of the window (O(log n + limit) whatever the patient's history), then oldest first.
      const members = await this.#client.zRange(this.#keys.riskPatient(patientKey), toDay, fromDay, { BY: 'SCORE', REV: true, LIMIT: { offset: 0, count: limit } });
      return members.map((member) => JSON.parse(member) as RiskHistoryItem).reverse();
    });
  }

  async peerStats(services: readonly string[], provider: string): Promise<ServicePeerStats[]> {
    return this.#call(async () => {
      const fields = ['*:n', '*:sum', '*:sq', `${provider}:n`, `${provider}:sum`, `${provider}:sq`];
      const rows = await Promise.all(services.map((service) => this.#client.hmGet(this.#keys.riskPeers(service), fields)));
      return services.map((service, i) => {
        const row = rows[i] ?? [];
        return { service, all: statsOf(row[0], row[1], row[2]), provider: statsOf(row[3], row[4], row[5]) };
      });
    });
  }

  /** History lines and peer statistics, in the accept's own script (see store/risk-history.ts). */
  #riskOps(risk: RiskHistoryRecord): string[] {
    const ops: string[] = [];
    // The member is the whole line: its sender, headerId and line make it unique, so a line is never merged with another.
    for (const item of risk.items) ops.push('zadd', this.#keys.riskPatient(item.patientKey), String(item.day), JSON.stringify(item));
    for (const { service, scope, price } of peerIncrements(risk)) {
      const key = this.#keys.riskPeers(service);
      ops.push('hincr', key, `${scope}:n`, '1', 'hincr', key, `${scope}:sum`, String(price), 'hincr', key, `${scope}:sq`, String(price * price));
    }
    return ops;
  }

  async pruneArchive(beforeMs: number): Promise<number> {
    let removed = 0;
    // In batches: one script never holds Redis for long.
    for (;;) {
      const batch = (await this.#call(() => pruneArchiveScript.run(this.#client, [this.#keys.archiveTimes, String(beforeMs), '1000']))) as number;
      removed += batch;
      if (batch < 1000) return removed;
    }
  }

  #archiveOp(record: ExchangeRecord, message: StoredMessage, delivered?: StoredMessage): string[] {
    const archived: StoredArchive = { ...archivedMeta(record, message), body: message.body, ...(delivered ? { delivered: { body: delivered.body, ...signatureFields(delivered) } } : {}) };
    const readableBy = addresseeMayRead(record) ? this.#keys.archivedFor(record.recipient, record.bundleId) : '';
    return ['archive', this.#keys.archived(record.sender, record.bundleId), readableBy, this.#keys.archiveTimes, String(record.receivedAt), JSON.stringify(archived)];
  }

  async ledgerHead(): Promise<LedgerHead> {
    return this.#call(async () => {
      const [seq, hash] = await this.#client.hmGet(this.#keys.ledgerHead, ['seq', 'hash']);
      return seq ? { seq: Number(seq), hash: hash ?? GENESIS_HASH } : { seq: 0, hash: GENESIS_HASH };
    });
  }

  async readLedger(fromSeq: number, limit: number): Promise<LedgerEntry[]> {
    if (limit <= 0) return [];
    return this.#call(async () => {
      const rows = await this.#client.xRange(this.#keys.ledger, `${Math.max(1, fromSeq)}-0`, '+', { COUNT: limit });
      return rows.map(({ id, message }) => ledgerEntryOf(id, message));
    });
  }

  async appendLedger(kind: LedgerKind, facts: LedgerFacts): Promise<LedgerEntry> {
    const seq = await this.#commit(ledgerOp(changeEntry(kind, facts)), undefined, undefined, 'head');
    const [entry] = await this.readLedger(seq, 1);
    return entry as LedgerEntry;
  }

  async readParticipants(): Promise<ParticipantSnapshot> {
    return this.#participants.read();
  }

  async participantsVersion(): Promise<number> {
    return this.#participants.version();
  }

  async putParticipant(record: StoredParticipant, condition: ParticipantCondition, detail: string): Promise<ParticipantWriteResult> {
    return this.#participants.put(record, condition, detail);
  }

  async seedParticipants(records: readonly StoredParticipant[], detail: string): Promise<number> {
    return this.#participants.seed(records, detail);
  }

  async saveSubscription(subscription: SubscriptionRecord): Promise<void> {
    const { subscriptions, subscriptionOwners } = this.#keys;
    const args = [subscriptions, subscriptionOwners, subscription.id, 'save', JSON.stringify(subscription), this.#keys.subscriptionsOf(subscription.owner)];
    await this.#call(() => subscriptionScript.run(this.#client, args));
  }

  async findSubscription(id: string): Promise<SubscriptionRecord | undefined> {
    return this.#call(async () => {
      const json = await this.#client.hGet(this.#keys.subscriptions, id);
      return json === null ? undefined : (JSON.parse(json) as SubscriptionRecord);
    });
  }

  async subscriptionsOf(owner: string): Promise<SubscriptionRecord[]> {
    return this.#call(async () => {
      const ids = (await this.#client.sMembers(this.#keys.subscriptionsOf(owner))).sort();
      if (ids.length === 0) return [];
      const found = await this.#client.hmGet(this.#keys.subscriptions, ids);
      return found.filter((json): json is string => typeof json === 'string').map((json) => JSON.parse(json) as SubscriptionRecord);
    });
  }

  async removeSubscription(id: string): Promise<boolean> {
    const { subscriptions, subscriptionOwners } = this.#keys;
    const removed = await this.#call(() => subscriptionScript.run(this.#client, [subscriptions, subscriptionOwners, id, 'remove']));
    return removed === 1;
  }

  /** False while Redis is unreachable (the client is reconnecting) and once closed. */
  async claimOnce(key: string, expiresAtMs: number): Promise<boolean> {
    // SET NX with an absolute expiry: atomic across instances, and Redis forgets the key itself.
    const at = Math.max(expiresAtMs, this.#now() + 1);
    return this.#call(async () => (await this.#client.set(this.#keys.once(key), '1', { NX: true, PXAT: at })) === 'OK');
  }

  async ready(): Promise<boolean> {
    return !this.#closed && this.#client.isReady;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await closeQuietly(this.#client);
  }

  async #statsOf(recipient: string): Promise<QueueStats> {
    const [depth, available, redelivered, oldest] = (await statsScript.run(this.#client, [this.#keys.queue(recipient), String(this.#now())])) as StatsReply;
    return oldest === '' ? { depth, available, redelivered } : { depth, available, redelivered, oldestEnqueuedAt: Number(oldest) };
  }

  #recordOp(record: ExchangeRecord): string[] {
    const { state, answer, answeredAt, respondedAt: _respondedAt, cancellation, ...immutable } = record;
    // A rejected message never owns an identifier: it must not displace the accepted one.
    const focal = state === 'rejected' ? [] : (record.businessKeys ?? []).map((key) => this.#keys.focal(key));
    const cancelled = cancellation ? this.#cancelledOp(record.sender, record.headerId, cancellation) : [];
    return [
      'record',
      this.#keys.exchange(record.sender, record.headerId),
      this.#keys.bundle(record.sender, record.bundleId),
      record.headerId,
      JSON.stringify(immutable),
      state,
      answer ? JSON.stringify(answer) : '',
      answeredAt === undefined ? '' : String(answeredAt),
      String(focal.length),
      ...focal,
      ...cancelled,
    ];
  }

  #cancelledOp(sender: string, headerId: string, cancellation: Cancellation): string[] {
    return ['cancelled', this.#keys.exchange(sender, headerId), JSON.stringify(cancellation)];
  }

  #ackOp(recipient: string, bundleId: string): string[] {
    return ['ack', this.#keys.queue(recipient), recipient, bundleId];
  }

  #enqueueOp(input: QueueEntryInput): string[] {
    const { recipient, sender, message } = input;
    const facts = queuedMessageFacts(input);
    return [
      'enqueue',
      this.#keys.queue(recipient),
      recipient,
      this.#keys.stream(recipient, message.event),
      message.event,
      message.bundleId,
      sender,
      message.body,
      facts.body,
      facts.digest,
      message.signature ?? '',
      message.kid ?? '',
    ];
  }

  /** Runs one atomic write; returns how many queue entries it acknowledged (or, for `head`, the ledger's last seq). */
  async #commit(ops: readonly string[], record?: ExchangeRecord, answered?: ExchangeKey, result: 'acknowledged' | 'head' = 'acknowledged'): Promise<number> {
    const args = [String(this.#now()), this.#keys.sequence, this.#keys.queues, this.#keys.ledger, this.#keys.ledgerHead, ...ops];
    const reply = (await this.#call(() => commit.run(this.#client, args))) as CommitReply;
    // Only an `answered` op asking for the first answer can refuse so.
    if (reply[0] === 'answered') throw new AlreadyAnsweredError(answered as ExchangeKey);
    if (reply[0] === 'duplicate') {
      // Only a record op can refuse, and there is at most one per write.
      const refused = record as ExchangeRecord;
      throw new DuplicateExchangeError(refused.sender, reply[1] === 'bundle' ? refused.bundleId : refused.headerId, reply[1]);
    }
    return result === 'head' ? reply[2] : reply[1];
  }

  async #call<T>(action: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError(new Error('store closed'));
    try {
      return await action();
    } catch (cause) {
      throw unavailable(cause);
    }
  }
}

function parseExchange(fields: Record<string, string>): ExchangeRecord | undefined {
  if (fields.record === undefined) return undefined;
  const immutable = JSON.parse(fields.record) as Omit<ExchangeRecord, 'state' | 'answer' | 'answeredAt' | 'cancellation'>;
  return {
    ...immutable,
    state: fields.state as ExchangeState,
    ...(fields.answer ? { answer: JSON.parse(fields.answer) as StoredMessage } : {}),
    ...(fields.answeredAt ? { answeredAt: Number(fields.answeredAt) } : {}),
    ...(fields.respondedAt ? { respondedAt: Number(fields.respondedAt) } : {}),
    ...(fields.cancellation ? { cancellation: JSON.parse(fields.cancellation) as Cancellation } : {}),
  };
}

function ledgerOp(planned: PlannedEntry | undefined): string[] {
  return planned ? ['ledger', planned.kind, planned.facts.body, planned.facts.digest] : [];
}

/** A stream entry of the ledger (see ledger-lua.ts) as the port's entry. */
function ledgerEntryOf(id: string, fields: Record<string, string>): LedgerEntry {
  const seq = Number(id.slice(0, id.indexOf('-')));
  const base = { seq, at: Number(fields.at), kind: fields.kind as LedgerKind, prev: fields.prev ?? '', hash: fields.hash ?? '', body: fields.body ?? '' };
  return fields.n ? { ...base, n: Number(fields.n) } : base;
}

function statsOf(n: string | null | undefined, sum: string | null | undefined, squares: string | null | undefined): PeerStats {
  if (!n) return EMPTY_STATS;
  return { n: Number(n), sum: Number(sum ?? 0), sumSquares: Number(squares ?? 0) };
}
