/**
 * Fields both store adapters derive the same way from what they are given: a message's signature
 * (kept only when there is one) and what the archive keeps about a message beside its body.
 */
import type { ArchivedMessage, ExchangeRecord, QueueEntryInput, StoredMessage } from './ports.js';

/** The gateway's signature of a message as optional fields: left out when the message was queued unsigned. */
export function signatureFields(message: { readonly signature?: string | undefined; readonly kid?: string | undefined } | undefined): { signature?: string; kid?: string } {
  if (!message?.signature) return {};
  return message.kid ? { signature: message.signature, kid: message.kid } : { signature: message.signature };
}

/**
 * Whether the addressee may read an archived message back: only one it was meant to receive. A
 * rejected message never reached it, so its body stays its sender's alone.
 */
export function addresseeMayRead(record: ExchangeRecord): boolean {
  return record.state !== 'rejected';
}

/**
 * The addressee's copy of an accepted message when it is not what the sender sent (the gateway
 * appended its risk results, issue 14): the queued bytes and their signature. Undefined when the
 * addressee received the sender's bytes, which the archive already keeps.
 */
export function deliveredCopy(record: ExchangeRecord, enqueue: QueueEntryInput | undefined, archive: StoredMessage): StoredMessage | undefined {
  if (!enqueue || !addresseeMayRead(record) || enqueue.recipient !== record.recipient) return undefined;
  return enqueue.message.body === archive.body ? undefined : enqueue.message;
}

/** An archived message as stored: the sender's bytes, and the addressee's when they differ. */
export interface StoredArchive extends ArchivedMessage {
  readonly delivered?: { readonly body: string; readonly signature?: string; readonly kid?: string };
}

/** What `participant` reads back: the addressee its delivered copy, the sender (and everyone before issue 14) the bytes received. */
export function archiveView(stored: StoredArchive, participant: string): ArchivedMessage {
  const { delivered, ...received } = stored;
  if (!delivered || participant === stored.sender) return received;
  const { signature: _s, kid: _k, ...meta } = received;
  return { ...meta, body: delivered.body, ...signatureFields(delivered) };
}

/** What the archive keeps about a received message besides its bytes. */
export function archivedMeta(record: ExchangeRecord, message: StoredMessage): Omit<ArchivedMessage, 'body'> {
  return {
    sender: record.sender,
    recipient: record.recipient,
    event: record.event,
    bundleId: record.bundleId,
    headerId: record.headerId,
    receivedAt: record.receivedAt,
    ...signatureFields(message),
  };
}

/**
 * An addressee's answer as the request's record keeps it: everything but the bytes, which the same
 * write puts in the archive under (answering sender, Bundle.id). The record is rewritten on every
 * answer; without the body that rewrite stays small (issue 12, item 3).
 */
export type AnswerReference = StoredMessage & { readonly archivedFrom: string };

export function answerReference(answer: StoredMessage, answeringSender: string): AnswerReference {
  return { ...answer, body: '', archivedFrom: answeringSender };
}

/**
 * The record as the port promises it, the answer's bytes read back from the archive; a body pruned
 * from the archive leaves the record without its answer (the state still says it was answered).
 */
export function withAnswerBody(record: ExchangeRecord, archivedBody: (sender: string, bundleId: string) => string | undefined): ExchangeRecord {
  const answer = record.answer as Partial<AnswerReference> | undefined;
  if (!answer?.archivedFrom) return record;
  const { archivedFrom, ...rest } = answer as AnswerReference;
  const body = archivedBody(archivedFrom, rest.bundleId);
  if (body === undefined) {
    const { answer: _dropped, ...withoutAnswer } = record;
    return withoutAnswer;
  }
  return { ...record, answer: { ...rest, body } };
}
