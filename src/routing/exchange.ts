/**
 * The exchange: what happens to a message after it has been parsed and its sender
 * authenticated (SPEC sections 4 and 6). In order:
 *   1. not processable? (not a message, unknown event, sender mismatch, blocked, unknown receiver) → NotProcessable
 *   2. seen before? (byte-identical resend → the stored answer; reused ids → BV-00127/BV-00532)
 *   3. invalid? → the error response, recorded, HTTP 200
 *   4. accepted → recorded and queued atomically, then answered according to the event's kind.
 */
import { createHash } from 'node:crypto';
import type { EventCatalogue, EventDefinition } from '../fhir/events.js';
import { asArray, asObject, asString } from '../fhir/json.js';
import { focalEntries, readEnvelope, type MessageEnvelope } from '../fhir/message.js';
import {
  acknowledgement,
  errorNotice,
  errorResponse,
  progressResponse,
  queuedResponse,
  unreachableResponse,
  type ResponseContext,
} from '../fhir/responses.js';
import type { Language } from '../findings/catalogue.js';
import { error, isBlocking, type Finding } from '../findings/finding.js';
import { notProcessable } from '../findings/not-processable.js';
import { AlreadyAnsweredError, DuplicateExchangeError, type AnswerWaiters, type ExchangeRecord, type LedgerNote, type QueueEntryInput, type QueueSignal, type ReportFacts, type GatewayStore, type StoredMessage } from '../store/ports.js';
import type { MessageValidator } from '../validation/pipeline.js';
import { ValidationPoolError, type ValidationPool } from '../validation/worker-pool.js';
import type { Caller, ParticipantDirectory } from './directory.js';
import { PollRejected, type Poller } from './poll.js';
import { InFlight } from './in-flight.js';
import { checkTaskTarget, confirmsCancellation, progressOf, type TaskTarget } from './lifecycle.js';
import { withQueuedTag, withQueuedTagBuilt } from './tags.js';
import { signedMessage, type CurrentSigner } from './message-signer.js';
import { focalOutcome, ledgerNote, type KeyedIdentifierHash } from './ledger-note.js';
import { identifierText, receivedKey, receivedKeys, sentKeys } from './business-keys.js';
import type { RiskStage } from '../risk/risk-stage.js';
import type { RiskHistoryRecord } from '../store/risk-history.js';
import { answerFacts } from '../reports/answer-facts.js';
import { billingCodeFacts } from '../reports/billing-codes.js';

export interface ExchangeOptions {
  readonly store: GatewayStore;
  readonly validator: MessageValidator;
  readonly events: EventCatalogue;
  readonly participants: ParticipantDirectory;
  readonly waiters: AnswerWaiters;
  readonly poller: Poller;
  readonly responses: Omit<ResponseContext, 'language' | 'now'>;
  readonly syncWindowMs: number;
  /** Counts outcomes and timings (the gateway's metrics). */
  readonly observer?: ExchangeObserver;
  /**
   * Large messages are validated off the main thread, so one of them never holds the event loop
   * (health checks, polls and other participants keep moving). Normal messages (5-20 KB) stay on
   * the main thread: below `minChars` the hand-off costs more than the validation.
   */
  readonly largeMessages?: { readonly pool: Pick<ValidationPool, 'validate'>; readonly minChars: number };
  /**
   * The gateway's current signing key (SPEC section 7): every message is signed once its bytes are
   * fixed (when queued, or when answered synchronously). Left out, nothing is signed (unit tests).
   */
  readonly signer?: CurrentSigner;
  /** Keyed hash of patient and practitioner identifiers for the ledger (hub secret); left out, none recorded. */
  readonly identifierHash?: KeyedIdentifierHash;
  /** Checks a sender's own signature over what it sent (its registered key, its policy); left out, signatures are ignored. */
  readonly senderSignatures?: SenderSignatureCheck;
  /**
   * The risk stage (issue 14): scores prior authorizations and claims and runs the duplicate and FWA
   * families before the delivered bytes are fixed. Left out (or `WASL_RISK_CHECKS=off`): delivered as received.
   */
  readonly risk?: Pick<RiskStage, 'assess'>;
  /**
   * The Saudi Billing System code systems (reports/billing-codes.ts): an accepted priorauth or claim
   * records its item counts for the reports (issue 15). Left out, no item counts are recorded.
   */
  readonly sbsSystems?: ReadonlySet<string>;
  /** Told after a message is committed to a recipient's queue (wakes long polls, notifies subscribers). */
  readonly onQueued?: (signal: QueueSignal) => void;
  readonly now?: () => number;
}

export type MessageOutcome = 'accepted' | 'rejected' | 'resend' | 'duplicate-id';

export interface ExchangeObserver {
  message(event: string, outcome: MessageOutcome): void;
  submission(event: string, seconds: number): void;
  /** Where that submission's time went, stage by stage (observed with `submission`). */
  stages(event: string, times: StageTimes): void;
}

/**
 * The stages of a submission timed for `/metrics` (issue 12, item 5); `risk` since issue 14 (-1,
 * not reported, for messages it does not read).
 */
export const STAGES = ['parse', 'authenticate', 'validate', 'risk', 'store', 'sign', 'respond'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Milliseconds one submission spent in each stage, summed over its calls (`store` adds up every
 * look-up and write), -1 for a stage that did not run. Made once per request and filled with
 * `performance.now()` pairs: no closure and no label object per observation.
 */
export class StageTimes {
  parse = -1;
  authenticate = -1;
  validate = -1;
  risk = -1;
  store = -1;
  sign = -1;
  respond = -1;
  /** When the body began to be read (the HTTP layer sets it; parsing ends the `parse` stage). */
  bodyFrom = 0;

  add(stage: Stage, from: number): void {
    const ms = performance.now() - from;
    this[stage] = this[stage] < 0 ? ms : this[stage] + ms;
  }
}

export interface Submission {
  /** The exact request text, hashed for idempotency and delivered byte for byte. */
  readonly raw: string;
  readonly parsed: unknown;
  readonly caller: Caller;
  readonly language: Language;
  /** The sender's detached JWS over `raw`, when it signed (the `x-jws-signature` header). */
  readonly signature?: string;
  /** Stage times so far (parse, authenticate), completed here and observed with the submission. */
  readonly times?: StageTimes;
}

export interface ExchangeReply {
  readonly status: number;
  /** JSON text of the answer message. */
  readonly body: string;
  /** The gateway's detached JWS over exactly `body` (the `x-jws-signature` header). */
  readonly signature?: string;
  /**
   * Messages waiting in the caller's queue. The gateway's own answers also carry the
   * `queued-messages` tag; a participant's relayed answer is delivered byte-exact, so this count
   * (the `x-wasl-queued-messages` header) is the only place it can say so.
   */
  readonly queuedMessages?: number;
}

/** A sender's signature over its message: accepted (kept in the ledger), or why it is refused (level 1). */
export type SenderSignatureVerdict = { readonly ok: true; readonly signature?: string } | { readonly ok: false; readonly code: string; readonly reason: string };
export type SenderSignatureCheck = (sender: string, raw: string, signature: string | undefined) => SenderSignatureVerdict;

/** A message past level 1 (readable, authorised, addressed), on its way through idempotency and validation. */
interface Arrival {
  readonly submission: Submission;
  readonly envelope: MessageEnvelope;
  readonly event: EventDefinition;
  readonly sender: string;
  readonly receiver: string;
  /** SHA-256 of the exact request bytes. */
  readonly contentHash: string;
  /** Index keys of the focal business identifiers between sender and receiver, digested once per message. */
  readonly sentKeys: readonly string[];
  readonly ctx: ResponseContext;
  /** The sender's own valid signature, kept in the ledger. */
  readonly senderSignature?: string;
  readonly times: StageTimes;
}

export class Exchange {
  readonly #o: ExchangeOptions;
  readonly #now: () => number;
  readonly #inFlight = new InFlight();
  /** The bundle objects of answers built in this process, by their stored text; gone with the answer. */
  readonly #builtAnswers = new WeakMap<StoredMessage, Record<string, unknown>>();

  constructor(options: ExchangeOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** Runs the validation layers only: the `$validate` sandbox. */
  async check(raw: string, parsed: unknown): Promise<{ envelope: MessageEnvelope; event: EventDefinition; findings: readonly Finding[] }> {
    const { envelope, event } = this.#readMessage(parsed);
    return { envelope, event, findings: await this.#validate(raw, envelope, event) };
  }

  /** The validation layers, in a worker for a large message (see `largeMessages`), else here. */
  async #validate(raw: string, envelope: MessageEnvelope, event: EventDefinition): Promise<readonly Finding[]> {
    const large = this.#o.largeMessages;
    if (!large || raw.length < large.minChars) return this.#o.validator.validate(envelope, event);
    try {
      return await large.pool.validate(raw, event.code);
    } catch (cause) {
      // Workers that could not start (a broken data folder) must not stop the exchange: validate
      // here. A worker that died on this message is not retried here, where it could do the same.
      if (cause instanceof ValidationPoolError && (cause.reason === 'start-failed' || cause.reason === 'start-timeout')) return this.#o.validator.validate(envelope, event);
      throw cause;
    }
  }

  async submit(submission: Submission): Promise<ExchangeReply> {
    const { envelope, event } = this.#readMessage(submission.parsed);
    const sender = this.#authorise(envelope, event, submission.caller);
    const senderSignature = this.#senderSignature(sender, submission);
    const ctx: ResponseContext = { ...this.#o.responses, language: submission.language };

    if (event.kind === 'poll') {
      const findings = (await this.#validate(submission.raw, envelope, event)).filter(isBlocking);
      if (findings.length > 0) return this.#reply(undefined, 0, errorResponse(envelope, event, findings, ctx));
      try {
        return this.#signedReply(await this.#o.poller.poll(envelope, sender, ctx));
      } catch (cause) {
        if (cause instanceof PollRejected) return this.#reply(undefined, 0, errorResponse(envelope, event, cause.findings, ctx));
        throw cause;
      }
    }

    const receiver = this.#receiver(envelope, event);
    const contentHash = createHash('sha256').update(submission.raw).digest('hex');
    // The store sees a message only once it is recorded; copies arriving meanwhile are settled here.
    const concurrent = this.#inFlight.find(sender, envelope.bundleId as string, envelope.headerId as string);
    if (concurrent) {
      this.#o.observer?.message(event.code, concurrent.contentHash === contentHash ? 'resend' : 'duplicate-id');
      if (concurrent.contentHash === contentHash) return concurrent.reply;
      const [code, expression] = concurrent.bundleId === envelope.bundleId ? ['BV-00127', 'Bundle.id'] : ['BV-00532', 'Bundle.entry[0].resource.id'];
      return this.#reply(undefined, 0, errorResponse(envelope, event, [error(code, expression, 'an earlier message with this id is being processed')], ctx));
    }
    const started = performance.now();
    const times = submission.times ?? new StageTimes();
    const arrival: Arrival = { submission, envelope, event, sender, receiver, contentHash, sentKeys: sentKeys(envelope, sender, receiver), ctx, times, ...(senderSignature ? { senderSignature } : {}) };
    const reply = this.#process(arrival);
    const observer = this.#o.observer;
    if (observer) {
      void reply.then(() => {
        observer.submission(event.code, (performance.now() - started) / 1000);
        observer.stages(event.code, times);
      }, () => undefined);
    }
    return this.#inFlight.track(sender, envelope.bundleId as string, envelope.headerId as string, contentHash, reply);
  }

  async #process(arrival: Arrival): Promise<ExchangeReply> {
    const seen = await this.#seenBefore(arrival);
    if (seen) return seen;
    try {
      return await this.#processNew(arrival);
    } catch (cause) {
      // Another instance recorded a copy between our look-up and our write: answer as for a resend.
      if (!(cause instanceof DuplicateExchangeError)) throw cause;
      const settled = await this.#seenBefore(arrival);
      if (settled) return settled;
      throw cause;
    }
  }

  async #processNew({ submission, envelope, event, sender, receiver, contentHash, sentKeys: sent, ctx, senderSignature, times }: Arrival): Promise<ExchangeReply> {
    const validating = performance.now();
    const everything = await this.#validate(submission.raw, envelope, event);
    times.add('validate', validating);
    const findings = everything.filter(isBlocking);
    const warnings = everything.filter((f) => !isBlocking(f));
    // Cancel, nullify and status-check act on an earlier claim: check it exists and its state.
    const checking = performance.now();
    const check = findings.length === 0 && event.focal[0] === 'Task' && (event.kind === 'realtime' || event.kind === 'deferred') ? await checkTaskTarget(this.#o.store, envelope, sender, receiver) : undefined;
    if (check) times.add('store', checking);
    if (check && !check.ok) findings.push(...check.findings);
    const target = check?.ok ? check.target : undefined;
    const base: Omit<ExchangeRecord, 'state'> = {
      headerId: envelope.headerId as string,
      bundleId: envelope.bundleId as string,
      sender,
      recipient: receiver,
      event: event.code,
      contentHash,
      receivedAt: this.#now(),
      ...(target ? { actsOn: { exchange: { sender: target.record.sender, headerId: target.record.headerId }, action: target.action } } : {}),
    };
    this.#o.observer?.message(event.code, findings.length > 0 ? 'rejected' : 'accepted');
    if (findings.length > 0) {
      // A rejected message is recorded (a resend gets the same answer) but owns no business identifier.
      const answer = this.#stored(times, performance.now(), event.kind === 'notice' || event.kind === 'response' ? acknowledgement(envelope, findings, ctx) : errorResponse(envelope, event, findings, ctx));
      const note = ledgerNote({ findings, ...this.#senderParts(senderSignature) });
      const received: StoredMessage = { bundleId: base.bundleId, event: event.code, body: submission.raw, sha256: contentHash };
      const notice = this.#errorNoticeFor(envelope, event, sender, findings, ctx, times);
      const storing = performance.now();
      await this.#o.store.accept({ ...base, state: 'rejected', answer, answeredAt: this.#now() }, notice, note, received);
      times.add('store', storing);
      return this.#deliverToSender(sender, answer, times);
    }

    // Risk results (issue 14) are appended for the payer before the delivered bytes are fixed.
    const assessing = performance.now();
    const risk = await this.#o.risk?.assess({ envelope, raw: submission.raw, event: event.code, sender, recipient: receiver, receivedAt: base.receivedAt });
    if (risk) times.add('risk', assessing);
    // The bytes the recipient will receive are fixed here and signed once: as received, or with the
    // risk entries appended. In that case the sender's own copy (the archive's) is kept as received
    // and signed when the sender reads it back (http/plugins/messages.ts): one signature fewer on
    // the accept path for a copy that is rarely read.
    const signer = this.#o.signer?.();
    const signing = performance.now();
    const appended = risk !== undefined && risk.delivered !== submission.raw;
    const asReceived: StoredMessage = { bundleId: base.bundleId, event: event.code, body: submission.raw, sha256: contentHash };
    const received = appended ? asReceived : signedMessage(signer, asReceived);
    const message = appended ? signedMessage(signer, { bundleId: base.bundleId, event: event.code, body: risk.delivered }) : received;
    if (signer) times.add('sign', signing);
    const probability = risk?.probability === undefined ? undefined : roundProbability(risk.probability);
    const indexed = { ...base, businessKeys: [...sent, ...receivedKeys(envelope, event.code, receiver)], ...(probability !== undefined ? { approvalProbability: probability } : {}) };
    const noteParts = { envelope, ...this.#senderParts(senderSignature) };
    switch (event.kind) {
      case 'response':
        return this.#answer(envelope, event, indexed, message, ctx, ledgerNote({ ...noteParts, ...outcomeOf(envelope) }), times);
      case 'notice':
        return this.#notice(envelope, indexed, message, ctx, ledgerNote(noteParts), times);
      default:
        return this.#request(envelope, event, indexed, message, ctx, target, warnings, { ...ledgerNote({ ...noteParts, findings: warnings }), ...this.#requestFacts(envelope, event.code, risk?.families, probability) }, times, {
          received,
          ...(risk?.record ? { risk: risk.record } : {}),
        });
    }
  }

  /** Issue 15's facts on an accepted request: item counts and the risk stage's results, for the reports. */
  #requestFacts(envelope: MessageEnvelope, event: string, families: readonly string[] | undefined, probability: number | undefined): ReportFacts {
    const billing = this.#o.sbsSystems ? billingCodeFacts(envelope, event, this.#o.sbsSystems) : undefined;
    return { ...billing, ...(families?.length ? { families } : {}), ...(probability !== undefined ? { probability } : {}) };
  }

  #senderParts(senderSignature: string | undefined): { hash?: KeyedIdentifierHash; senderSignature?: string } {
    return { ...(this.#o.identifierHash ? { hash: this.#o.identifierHash } : {}), ...(senderSignature !== undefined ? { senderSignature } : {}) };
  }

  /** Level 1: a signature the sender sent must be valid; its policy may require one (SPEC section 7). */
  #senderSignature(sender: string, submission: Submission): string | undefined {
    const check = this.#o.senderSignatures;
    if (!check) return undefined;
    const verdict = check(sender, submission.raw, submission.signature);
    if (!verdict.ok) throw notProcessable(verdict.code, 'Bundle', verdict.reason);
    return verdict.signature;
  }

  /**
   * A payer whose message the gateway rejects is also sent an error-notice in its queue (SPEC
   * section 4, level 3), so the fault reaches its back office and not only the HTTP client.
   */
  #errorNoticeFor(envelope: MessageEnvelope, event: EventDefinition, sender: string, findings: readonly Finding[], ctx: ResponseContext, times: StageTimes): QueueEntryInput | undefined {
    if (event.kind !== 'response' || this.#o.participants.get(sender)?.role !== 'payer') return undefined;
    // Never for an acknowledgement: a push payer acknowledging the error-notice itself would
    // otherwise be told of that, and so on without end.
    if (event.code === 'acknowledgement') return undefined;
    const notice = this.#stored(times, performance.now(), errorNotice(envelope, findings, ctx));
    const signer = this.#o.signer?.();
    const signing = performance.now();
    const message = signedMessage(signer, notice);
    if (signer) times.add('sign', signing);
    return { recipient: sender, sender: this.#o.responses.gateway.licence, message };
  }

  /** Level 1: is this a message of an event we route at all? */
  #readMessage(parsed: unknown): { envelope: MessageEnvelope; event: EventDefinition } {
    const read = readEnvelope(parsed);
    if (!read.ok) throw notProcessable(read.problem.code, read.problem.expression, read.problem.diagnostics);
    const event = this.#o.events.get(read.envelope.event);
    if (!event) throw notProcessable('IB-00250', 'Bundle.entry[0].resource.eventCoding', 'unknown or missing event code');
    return { envelope: read.envelope, event };
  }

  /** Level 1: the authenticated caller is the sender, is active and may send this event. */
  #authorise(envelope: MessageEnvelope, event: EventDefinition, caller: Caller): string {
    const sender = envelope.sender?.value;
    if (sender === undefined) throw notProcessable('GE-00010', 'Bundle.entry[0].resource.sender', 'MessageHeader.sender has no identifier value');
    if (sender !== caller.licence) {
      throw notProcessable('GE-00020', 'Bundle.entry[0].resource.sender', 'the credentials do not belong to MessageHeader.sender');
    }
    const participant = this.#o.participants.get(sender);
    if (!participant) throw notProcessable('GE-00010', 'Bundle.entry[0].resource.sender', 'the sender is not a registered participant');
    if (participant.status === 'blocked') {
      throw notProcessable(participant.role === 'payer' ? 'GE-00029' : 'GE-00030', 'Bundle.entry[0].resource.sender');
    }
    if (!event.sentBy.includes(participant.role)) {
      throw notProcessable('BV-00545', 'Bundle.entry[0].resource.eventCoding', `a ${participant.role} cannot send ${event.code}`);
    }
    if (envelope.bundleId === undefined || envelope.headerId === undefined) {
      // Without ids there is no idempotency and no way to link an answer: not processable.
      throw notProcessable(envelope.bundleId === undefined ? 'IC-00326' : 'IC-00380', envelope.bundleId === undefined ? 'Bundle.id' : 'Bundle.entry[0].resource.id');
    }
    // The ids key every record and queue entry: check they are FHIR ids (at most 64 characters)
    // before the store sees them, or a 10 KB id would reach the store's key limits.
    if (!FHIR_ID.test(envelope.bundleId)) throw notProcessable('DT-00032', 'Bundle.id', 'Bundle.id must be a FHIR id: 1 to 64 letters, digits, "-" or "."');
    if (!FHIR_ID.test(envelope.headerId)) throw notProcessable('DT-01295', 'Bundle.entry[0].resource.id', 'MessageHeader.id must be a FHIR id: 1 to 64 letters, digits, "-" or "."');
    return sender;
  }

  /**
   * Level 1: the addressee exists and is of a kind that receives this event (GE-00015), as
   * `receivedBy` in the event catalogue says: a claim goes to a payer, never to another provider
   * or to the regulator, whose queue nobody would poll. Messages for the gateway itself are
   * routed by content.
   */
  #receiver(envelope: MessageEnvelope, event: EventDefinition): string {
    const receiver = envelope.receivers[0]?.value;
    if (receiver === undefined) throw notProcessable('GE-00015', 'Bundle.entry[0].resource.destination', 'MessageHeader.destination has no receiver licence');
    const at = 'Bundle.entry[0].resource.destination[0].receiver';
    if (receiver === this.#o.responses.gateway.licence) {
      if (event.receivedBy.includes('gateway')) return receiver;
      throw notProcessable('GE-00015', at, `${event.code} is not addressed to the gateway itself`);
    }
    const participant = this.#o.participants.get(receiver);
    if (!participant || participant.status === 'blocked') throw notProcessable('GE-00015', at, 'no active participant has this licence');
    if (!event.receivedBy.includes(participant.role)) {
      throw notProcessable('GE-00015', at, `${event.code} is received by a ${event.receivedBy.join(' or ')}, and ${receiver} is a ${participant.role}`);
    }
    return receiver;
  }

  /**
   * Whether a message reusing an earlier Bundle.id differs from it only by MessageHeader.id (and
   * that entry's fullUrl): BV-00540 rather than BV-00127. Asked only on that rare collision, so
   * the accept path hashes nothing for it: the earlier bytes come from the archive (older records
   * carry the hash itself); an earlier body pruned from the archive counts as different content.
   */
  async #onlyHeaderIdChanged(earlier: ExchangeRecord, envelope: MessageEnvelope): Promise<boolean> {
    const now = hashWithoutHeaderId(envelope.bundle);
    if (earlier.contentHashWithoutHeaderId !== undefined) return earlier.contentHashWithoutHeaderId === now;
    const archived = await this.#o.store.archivedMessage(earlier.sender, earlier.bundleId);
    if (!archived) return false;
    let before: unknown;
    try {
      before = JSON.parse(archived.body);
    } catch {
      return false;
    }
    const bundle = asObject(before);
    return bundle !== undefined && hashWithoutHeaderId(bundle) === now;
  }

  /** Idempotency (SPEC section 6): resends get the stored answer; reused ids with new content are errors. */
  async #seenBefore({ envelope, sender, receiver, contentHash, sentKeys: sent, event, ctx, times }: Arrival): Promise<ExchangeReply | undefined> {
    const looking = performance.now();
    const byBundle = await this.#o.store.findExchangeByBundle(sender, envelope.bundleId as string);
    const byHeader = byBundle ? undefined : await this.#o.store.findExchange(sender, envelope.headerId as string);
    times.add('store', looking);
    if (byBundle || byHeader) this.#o.observer?.message(event.code, byBundle?.contentHash === contentHash ? 'resend' : 'duplicate-id');
    if (byBundle) {
      if (byBundle.contentHash === contentHash) return this.#stillOrAgain(byBundle, envelope, event, sender, ctx, times);
      if (await this.#onlyHeaderIdChanged(byBundle, envelope)) {
        return this.#reply(times, performance.now(), errorResponse(envelope, event, [error('BV-00540', 'Bundle.entry[0].resource.id', 'a resend of the same Bundle must keep its MessageHeader.id')], ctx));
      }
      return this.#reply(times, performance.now(), errorResponse(envelope, event, [error('BV-00127', 'Bundle.id', 'this Bundle.id was used before with different content')], ctx));
    }
    if (byHeader) {
      return this.#reply(times, performance.now(), errorResponse(envelope, event, [error('BV-00532', 'Bundle.entry[0].resource.id', 'this MessageHeader.id was used before')], ctx));
    }
    // A new message for a claim already accepted under the same business identifier gets that
    // claim's latest answer (SPEC section 6); corrections carry a new identifier and Claim.related.
    if (event.focal[0] === 'Claim') {
      for (const key of sent) {
        const keyed = performance.now();
        const earlier = await this.#o.store.findExchangeByBusinessKey(key);
        times.add('store', keyed);
        if (earlier && earlier.sender === sender && earlier.recipient === receiver && earlier.event === event.code && earlier.state !== 'rejected') {
          this.#o.observer?.message(event.code, 'resend');
          return this.#stillOrAgain(earlier, envelope, event, sender, ctx, times);
        }
      }
    }
    return undefined;
  }

  /** The stored answer of an earlier exchange, or, while the payer has not answered, that it is still pending. */
  async #stillOrAgain(earlier: ExchangeRecord, envelope: MessageEnvelope, event: EventDefinition, sender: string, ctx: ResponseContext, times: StageTimes): Promise<ExchangeReply> {
    if (earlier.answer) return this.#deliverToSender(sender, earlier.answer, times);
    // Still waiting for the payer: say so again rather than process it twice (BV-00542).
    return this.#reply(times, performance.now(), event.kind === 'deferred' ? queuedResponse(envelope, event, ctx) : errorResponse(envelope, event, [error('BV-00542')], ctx));
  }

  /** A request for a payer (eligibility, prior authorization, claim, batch, communication, cancel, status). */
  async #request(
    envelope: MessageEnvelope,
    event: EventDefinition,
    base: Omit<ExchangeRecord, 'state'>,
    message: StoredMessage,
    ctx: ResponseContext,
    target: TaskTarget | undefined,
    warnings: readonly Finding[],
    note: LedgerNote,
    times: StageTimes,
    kept: { readonly received: StoredMessage; readonly risk?: RiskHistoryRecord },
  ): Promise<ExchangeReply> {
    const pending = this.#o.waiters.wait(waiterKey(base.sender, base.headerId), this.#o.syncWindowMs);
    try {
      const enqueue = { recipient: base.recipient, sender: base.sender, message };
      const storing = performance.now();
      await this.#o.store.accept({ ...base, state: 'queued' }, enqueue, note, kept.received, kept.risk);
      times.add('store', storing);
      this.#queued(enqueue);
    } catch (cause) {
      pending.cancel();
      throw cause;
    }
    const answer = await pending.answer;
    if (answer) return this.#deliverToSender(base.sender, answer, times);
    if (target?.action === 'status') {
      // The payer is silent: the hub says itself where the claim is, from what it has routed.
      const reading = performance.now();
      const record = (await this.#o.store.findExchange(target.record.sender, target.record.headerId)) ?? target.record;
      const report = { progress: await progressOf(this.#o.store, record), ...answerOutcome(record) };
      times.add('store', reading);
      return this.#deliverToSender(base.sender, this.#stored(times, performance.now(), progressResponse(envelope, event, report, ctx)), times);
    }
    const answering = performance.now();
    const fallback = event.kind === 'realtime' ? unreachableResponse(envelope, event, ctx) : queuedResponse(envelope, event, ctx, warnings);
    return this.#deliverToSender(base.sender, this.#stored(times, answering, fallback), times);
  }

  /** One-way messages: queued for the recipient and acknowledged at once. */
  async #notice(envelope: MessageEnvelope, base: Omit<ExchangeRecord, 'state'>, message: StoredMessage, ctx: ResponseContext, note: LedgerNote, times: StageTimes): Promise<ExchangeReply> {
    let recipient = base.recipient;
    if (recipient === this.#o.responses.gateway.licence) {
      // payment-notice goes to NPHIES (BV-00360); the payer to tell is the one whose
      // PaymentReconciliation it acknowledges, found by PaymentNotice.payment.identifier.
      const reading = performance.now();
      recipient = (await this.#reconciliationPayer(envelope)) ?? recipient;
      times.add('store', reading);
    }
    const answer = this.#stored(times, performance.now(), acknowledgement(envelope, [], ctx));
    const enqueue = recipient === this.#o.responses.gateway.licence ? undefined : { recipient, sender: base.sender, message };
    const storing = performance.now();
    await this.#o.store.accept({ ...base, recipient, state: 'answered', answer, answeredAt: this.#now() }, enqueue, note, message);
    times.add('store', storing);
    if (enqueue) this.#queued(enqueue);
    return this.#deliverToSender(base.sender, answer, times);
  }

  /** A payer's (or provider's) answer to an earlier request: routed back to whoever asked. */
  async #answer(envelope: MessageEnvelope, event: EventDefinition, base: Omit<ExchangeRecord, 'state'>, message: StoredMessage, ctx: ResponseContext, note: LedgerNote, times: StageTimes): Promise<ExchangeReply> {
    const requestId = envelope.responseTo;
    // The request was sent by whoever this answer is addressed to: an answer sent to the wrong
    // provider finds no request of that provider, so it is BV-00175 (BV-00448 cannot arise).
    const reading = performance.now();
    const request = requestId === undefined ? undefined : await this.#o.store.findExchange(base.recipient, requestId);
    times.add('store', reading);
    const problems: Finding[] = [];
    if (!request || request.state === 'rejected') {
      problems.push(error('BV-00175', 'Bundle.entry[0].resource.response.identifier', 'no accepted request has this MessageHeader.id'));
    } else {
      if (request.recipient !== base.sender) problems.push(error('BV-00447', 'Bundle.entry[0].resource.sender', 'only the addressee of the request may answer it'));
      if (!(event.answers ?? []).includes(request.event)) problems.push(error('BV-00543', 'Bundle.entry[0].resource.eventCoding', `${event.code} does not answer ${request.event}`));
      if (request.cancellation && (event.code === 'claim-response' || event.code === 'priorauth-response')) {
        problems.push(error('BV-00525', 'Bundle.entry[0].resource.response.identifier', `the request was ${request.cancellation.kind === 'nullify' ? 'nullified' : 'cancelled'}`));
      }
    }
    const correction = isCorrection(envelope, event);
    // One final answer per request; the store checks again inside its write (answers may race).
    if (request && problems.length === 0 && request.respondedAt !== undefined && !correction) problems.push(answeredTwice(event));
    if (!request || problems.length > 0) return this.#refuseAnswer(envelope, event, base, message, problems, ctx, times);
    const ack = this.#stored(times, performance.now(), acknowledgement(envelope, [], ctx));
    const acted = request.actsOn;
    const cancels =
      acted && acted.action !== 'status' && event.code === 'cancel-response' && confirmsCancellation(envelope)
        ? { exchange: acted.exchange, cancellation: { kind: acted.action, at: this.#now(), requestHeaderId: request.headerId } }
        : undefined;

    const record: ExchangeRecord = { ...base, state: 'answered', answer: ack, answeredAt: this.#now() };
    const deliver = await this.#o.waiters.claim(waiterKey(request.sender, request.headerId));
    const enqueue = deliver ? undefined : { recipient: request.sender, sender: base.sender, message };
    const storing = performance.now();
    try {
      await this.#o.store.answer({ sender: request.sender, headerId: request.headerId }, message, {
        record,
        ackFrom: { recipient: base.sender, bundleId: request.bundleId },
        ...(enqueue ? { enqueue } : {}),
        ...(cancels ? { cancels } : {}),
        ...(correction ? {} : { firstAnswer: true }),
        // A first answer records its turnaround and decision for the reports; a correction does not count again.
        note: correction ? note : { ...note, ...answerFacts(request, envelope, message.body, record.answeredAt ?? this.#now(), this.#o.syncWindowMs) },
      });
    } catch (cause) {
      times.add('store', storing);
      deliver?.(undefined);
      // Another answer to the same request was recorded first (on this or another instance).
      if (cause instanceof AlreadyAnsweredError) return this.#refuseAnswer(envelope, event, base, message, [answeredTwice(event)], ctx, times);
      throw cause;
    }
    times.add('store', storing);
    deliver?.(message);
    if (enqueue) this.#queued(enqueue);
    return this.#deliverToSender(base.sender, ack, times);
  }

  /** A refused answer: recorded as rejected, acknowledged `fatal-error`, and the payer gets an error-notice. */
  async #refuseAnswer(envelope: MessageEnvelope, event: EventDefinition, base: Omit<ExchangeRecord, 'state'>, received: StoredMessage, problems: readonly Finding[], ctx: ResponseContext, times: StageTimes): Promise<ExchangeReply> {
    const ack = this.#stored(times, performance.now(), acknowledgement(envelope, problems, ctx));
    const errorNotice = this.#errorNoticeFor(envelope, event, base.sender, problems, ctx, times);
    const storing = performance.now();
    await this.#o.store.accept({ ...base, state: 'rejected', answer: ack, answeredAt: this.#now() }, errorNotice, ledgerNote({ findings: problems }), received);
    times.add('store', storing);
    return this.#deliverToSender(base.sender, ack, times);
  }

  #queued(entry: QueueEntryInput): void {
    this.#o.onQueued?.({ recipient: entry.recipient, bundleId: entry.message.bundleId, event: entry.message.event });
  }

  async #reconciliationPayer(envelope: MessageEnvelope): Promise<string | undefined> {
    const notice = focalEntries(envelope)[0]?.resource;
    const identifier = identifierText(asObject(asObject(notice?.payment)?.identifier));
    const provider = envelope.sender?.value;
    if (identifier === undefined || provider === undefined) return undefined;
    // Only a reconciliation this provider received: another's payment identifiers are not its to name.
    const reconciliation = await this.#o.store.findExchangeByBusinessKey(receivedKey(provider, identifier));
    return reconciliation?.event === 'payment-reconciliation' && reconciliation.recipient === provider ? reconciliation.sender : undefined;
  }

  /**
   * A gateway-made answer as stored bytes. `from` is read before `bundle` is built (arguments are
   * evaluated left to right), so building and serialising both count as `respond`.
   */
  #stored(times: StageTimes, from: number, bundle: Record<string, unknown>): StoredMessage {
    const header = asObject(asObject(asArray(bundle.entry)[0])?.resource);
    const stored = { bundleId: String(bundle.id), event: String(asObject(header?.eventCoding)?.code), body: JSON.stringify(bundle) };
    // Kept so the queued-messages tag can be added without parsing the text back (see #deliverToSender).
    this.#builtAnswers.set(stored, bundle);
    times.add('respond', from);
    return stored;
  }

  /** As `#stored`, for an answer that is not recorded; untimed (`times` undefined) off the accept path. */
  #reply(times: StageTimes | undefined, from: number, bundle: Record<string, unknown>): ExchangeReply {
    const body = JSON.stringify(bundle);
    times?.add('respond', from);
    return this.#signedReply(body, undefined, times);
  }

  /** A gateway-made answer, signed over exactly the bytes sent. */
  #signedReply(body: string, queuedMessages?: number, times?: StageTimes): ExchangeReply {
    const signer = this.#o.signer?.();
    const counted = queuedMessages === undefined ? {} : { queuedMessages };
    if (!signer) return { status: 200, body, ...counted };
    const signing = performance.now();
    const signature = signer.sign(body);
    times?.add('sign', signing);
    return { status: 200, body, signature, ...counted };
  }

  /**
   * Every answer to a provider says whether more messages wait in its queue (SPEC section 4). A
   * participant's answer was fixed and signed when it was recorded and goes out byte-exact; the
   * gateway's own answers get the `queued-messages` tag before they are signed.
   */
  async #deliverToSender(sender: string, answer: StoredMessage, times: StageTimes): Promise<ExchangeReply> {
    const counting = performance.now();
    const waiting = await this.#o.store.depth(sender);
    times.add('store', counting);
    if (answer.signature !== undefined) return { status: 200, body: answer.body, signature: answer.signature, queuedMessages: waiting };
    if (waiting === 0) return this.#signedReply(answer.body, waiting, times);
    const tagging = performance.now();
    const built = this.#builtAnswers.get(answer);
    const tagged = built ? withQueuedTagBuilt(built) : withQueuedTag(answer.body);
    times.add('respond', tagging);
    return this.#signedReply(tagged, waiting, times);
  }
}

/** The FHIR R4 `id` datatype (http://hl7.org/fhir/R4/datatypes.html#id). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

const REISSUE_EXTENSION = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-adjudication-reissue';

/** A reissued ClaimResponse (NPHIES sample 2e): a correction that may follow the first answer. */
/** Four decimals: the ledger body stays short and the report's buckets are unaffected. */
function roundProbability(p: number): number {
  return Math.round(p * 10_000) / 10_000;
}

function isCorrection(envelope: MessageEnvelope, event: EventDefinition): boolean {
  if (!event.reissuable) return false;
  return focalEntries(envelope).some((entry) => asArray(entry.resource?.extension).some((e) => asObject(e)?.url === REISSUE_EXTENSION));
}

/** The official refusal of a second answer (BV-00055, BV-00121, BV-00152, BV-00940: events.json `answeredTwice`). */
function answeredTwice(event: EventDefinition): Finding {
  return error(event.answeredTwice ?? 'BV-00940', 'Bundle.entry[0].resource.response.identifier', 'this request already has its answer');
}

function waiterKey(sender: string, headerId: string): string {
  return `${sender}\u0000${headerId}`;
}

/** Hash of the message as parsed, with the MessageHeader id (and its fullUrl) blanked. */
function hashWithoutHeaderId(bundle: Record<string, unknown>): string {
  const entries = asArray(bundle.entry);
  const first = asObject(entries[0]);
  const blanked = { ...bundle, entry: [{ ...first, fullUrl: '', resource: { ...asObject(first?.resource), id: '' } }, ...entries.slice(1)] };
  return createHash('sha256').update(JSON.stringify(blanked)).digest('hex');
}

function outcomeOf(envelope: MessageEnvelope): { outcome?: string } {
  const outcome = focalOutcome(envelope);
  return outcome === undefined ? {} : { outcome };
}

/** The payer's outcome (ClaimResponse.outcome) in a recorded answer, for the gateway's status answer. */
function answerOutcome(record: ExchangeRecord): { outcome?: string } {
  if (!record.answer) return {};
  try {
    const bundle = asObject(JSON.parse(record.answer.body));
    const header = asObject(asObject(asArray(bundle?.entry)[0])?.resource);
    const focus = asString(asObject(asArray(header?.focus)[0])?.reference);
    const focal = asArray(bundle?.entry).map(asObject).find((e) => e?.fullUrl === focus);
    const outcome = asString(asObject(focal?.resource)?.outcome);
    return outcome === undefined ? {} : { outcome };
  } catch {
    return {};
  }
}
