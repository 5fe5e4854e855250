/**
 * Index keys for business identifiers (Claim.identifier, PaymentReconciliation.identifier…),
 * what lets the hub find an earlier claim by the identifier a later message names (SPEC
 * section 6: resubmissions, cancel, nullify, status check, payment notice).
 *
 * An identifier only means something between the two parties that exchanged it: two providers
 * may number their claims alike, and one must never reach the other's claim by naming its
 * identifier (issue 9, item 3). So a key binds the identifier to its sender and receiver, and is
 * a SHA-256 digest: fixed length whatever the identifier's size (store keys have limits), and no
 * identifier value in clear in the index.
 */
import { createHash } from 'node:crypto';
import { asArray, asObject, asString } from '../fhir/json.js';
import { focalEntries, type MessageEnvelope } from '../fhir/message.js';

/** `system|value` of an Identifier, or undefined when it has no value. */
export function identifierText(identifier: Record<string, unknown> | undefined): string | undefined {
  const value = asString(identifier?.value);
  return value === undefined ? undefined : `${asString(identifier?.system) ?? ''}|${value}`;
}

/** The key under which `sender` finds what it sent to `receiver` with this identifier. */
export function sentKey(sender: string, receiver: string, identifier: string): string {
  return digest(`sent\u0000${sender}\u0000${receiver}\u0000${identifier}`);
}

/**
 * The key under which `recipient` finds what it received with this identifier, whoever sent it:
 * a provider's payment-notice names the PaymentReconciliation it acknowledges, not its payer.
 */
export function receivedKey(recipient: string, identifier: string): string {
  return digest(`received\u0000${recipient}\u0000${identifier}`);
}

/** Events whose focal identifiers are also found by their recipient (see `receivedKey`). */
const FOUND_BY_RECIPIENT = new Set(['payment-reconciliation']);

/**
 * The keys under which the sender finds what it sent to the receiver (looked up for a resend,
 * and, with `receivedKeys`, what an accepted message is indexed under; a rejected one never is).
 */
export function sentKeys(envelope: MessageEnvelope, sender: string, receiver: string): string[] {
  return focalIdentifierTexts(envelope).map((text) => sentKey(sender, receiver, text));
}

/** The keys under which the recipient finds what it received: only for the events it must (see `receivedKey`). */
export function receivedKeys(envelope: MessageEnvelope, event: string, receiver: string): string[] {
  return FOUND_BY_RECIPIENT.has(event) ? focalIdentifierTexts(envelope).map((text) => receivedKey(receiver, text)) : [];
}

function focalIdentifierTexts(envelope: MessageEnvelope): string[] {
  const texts: string[] = [];
  for (const entry of focalEntries(envelope)) {
    for (const identifier of asArray(entry.resource?.identifier)) {
      const text = identifierText(asObject(identifier));
      if (text !== undefined) texts.push(text);
    }
  }
  return texts;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
