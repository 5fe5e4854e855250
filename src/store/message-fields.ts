/**
 * Fields both store adapters derive the same way from what they are given: a message's signature
 * (kept only when there is one) and what the archive keeps about a message beside its body.
 */
import type { ArchivedMessage, ExchangeRecord, StoredMessage } from './ports.js';

/** The gateway's signature of a message as optional fields: left out when the message was queued unsigned. */
export function signatureFields(message: { readonly signature?: string | undefined; readonly kid?: string | undefined } | undefined): { signature?: string; kid?: string } {
  if (!message?.signature) return {};
  return message.kid ? { signature: message.signature, kid: message.kid } : { signature: message.signature };
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
