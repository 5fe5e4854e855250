/**
 * Which facts each store write records in the ledger: one place, so both adapters write the
 * same entries for the same change (their bodies are byte-identical).
 */
import { encoded, sha256Hex, type EncodedFacts } from './ledger-chain.js';
import type { AnswerEffects, ExchangeKey, ExchangeRecord, LedgerFacts, LedgerKind, LedgerNote, QueueEntryInput, ReportFacts, StoredMessage } from './ports.js';

export interface PlannedEntry {
  readonly kind: LedgerKind;
  readonly facts: EncodedFacts;
}

function noteFacts(note: LedgerNote | undefined): LedgerFacts {
  if (!note) return {};
  return {
    ...(note.outcome !== undefined ? { outcome: note.outcome } : {}),
    ...(note.codes?.length ? { codes: [...new Set(note.codes)].sort() } : {}),
    ...(note.senderSignature !== undefined ? { senderSignature: note.senderSignature } : {}),
    ...(note.patientKeys?.length ? { patientKeys: [...new Set(note.patientKeys)].sort() } : {}),
    ...reportFacts(note),
  };
}

/** Issue 15's facts, copied only when present (key order is fixed by FACT_KEYS, not here). */
function reportFacts(note: ReportFacts): ReportFacts {
  return {
    ...(note.items !== undefined ? { items: note.items } : {}),
    ...(note.sbsItems !== undefined ? { sbsItems: note.sbsItems } : {}),
    ...(note.families?.length ? { families: [...new Set(note.families)].sort() } : {}),
    ...(note.probability !== undefined ? { probability: note.probability } : {}),
    ...(note.requestEvent !== undefined ? { requestEvent: note.requestEvent } : {}),
    ...(note.turnaroundMs !== undefined ? { turnaroundMs: note.turnaroundMs } : {}),
    ...(note.inWindow !== undefined ? { inWindow: note.inWindow } : {}),
    ...(note.decision !== undefined ? { decision: note.decision } : {}),
    ...(note.reasons?.length ? { reasons: [...new Set(note.reasons)].sort() } : {}),
  };
}

function deliveredHashOf(message: StoredMessage): string {
  return message.sha256 ?? sha256Hex(message.body);
}

/** The message a sender sent, as recorded when it was accepted or rejected. */
function exchangeFacts(record: ExchangeRecord): LedgerFacts {
  return {
    sender: record.sender,
    recipient: record.recipient,
    event: record.event,
    bundleId: record.bundleId,
    headerId: record.headerId,
    receivedHash: record.contentHash,
  };
}

/** What the queue stores beside a message, so its deliveries, acknowledgement or dead-lettering are recorded without the exchange. */
export function queuedMessageFacts(input: QueueEntryInput): EncodedFacts {
  const { message } = input;
  return encoded({
    sender: input.sender,
    recipient: input.recipient,
    event: message.event,
    bundleId: message.bundleId,
    deliveredHash: deliveredHashOf(message),
    ...(message.kid !== undefined ? { kid: message.kid } : {}),
  });
}

/** `accept`: the message was accepted (and queued for its recipient) or rejected. */
export function acceptEntry(record: ExchangeRecord, enqueue: QueueEntryInput | undefined, note: LedgerNote | undefined): PlannedEntry {
  const rejected = record.state === 'rejected';
  // A rejected message's queue entry is the error-notice to its sender: not the message itself.
  const delivered = !rejected && enqueue ? { deliveredHash: deliveredHashOf(enqueue.message), ...(enqueue.message.kid !== undefined ? { kid: enqueue.message.kid } : {}) } : {};
  return {
    kind: rejected ? 'rejected' : 'accepted',
    facts: encoded({ ...exchangeFacts(record), ...delivered, outcome: rejected ? 'rejected' : record.state, ...noteFacts(note) }),
  };
}

/** `answer`: the addressee's answer to a request, routed to whoever asked. */
export function answerEntry(request: ExchangeKey, answer: StoredMessage, effects: AnswerEffects): PlannedEntry {
  const base: LedgerFacts = effects.record ? exchangeFacts(effects.record) : { recipient: request.sender, event: answer.event, bundleId: answer.bundleId };
  return {
    kind: 'answered',
    facts: encoded({
      ...base,
      deliveredHash: deliveredHashOf(answer),
      ...(answer.kid !== undefined ? { kid: answer.kid } : {}),
      requestHeaderId: request.headerId,
      ...noteFacts(effects.note),
    }),
  };
}

/** `answer` with a confirmed cancel or nullify: the cancelled exchange. */
export function cancelEntry(effects: AnswerEffects): PlannedEntry | undefined {
  if (!effects.cancels) return undefined;
  const { exchange, cancellation } = effects.cancels;
  return {
    kind: 'cancelled',
    facts: encoded({ sender: exchange.sender, headerId: exchange.headerId, detail: cancellation.kind, requestHeaderId: cancellation.requestHeaderId }),
  };
}

export function changeEntry(kind: LedgerKind, facts: LedgerFacts): PlannedEntry {
  return { kind, facts: encoded(facts) };
}
