/**
 * What the exchange tells the ledger beside a state change (the LedgerNote): the codes found, the
 * answer's outcome, and keyed hashes of the patients and practitioners a message names, so
 * projections (risk history, reports) can group by person without reading any identifier.
 */
import { asArray, asObject, asString } from '../fhir/json.js';
import type { MessageEnvelope } from '../fhir/message.js';
import { focalEntries } from '../fhir/message.js';
import type { Finding } from '../findings/finding.js';
import type { LedgerNote } from '../store/ports.js';

/** HMAC of an identifier with the hub secret, separated by kind (see security/keyed-hash.ts). */
export type KeyedIdentifierHash = (kind: 'patient' | 'practitioner', system: string, value: string) => string;

const PERSON_KINDS: Readonly<Record<string, 'patient' | 'practitioner'>> = { Patient: 'patient', Practitioner: 'practitioner' };

/** Keyed hashes of every identifier of every Patient and Practitioner in the message. */
export function personKeys(envelope: MessageEnvelope, hash: KeyedIdentifierHash | undefined): string[] {
  if (!hash) return [];
  const keys: string[] = [];
  for (const raw of asArray(envelope.bundle.entry)) {
    const resource = asObject(asObject(raw)?.resource);
    const kind = PERSON_KINDS[asString(resource?.resourceType) ?? ''];
    if (!kind) continue;
    for (const identifier of asArray(resource?.identifier)) {
      const system = asString(asObject(identifier)?.system);
      const value = asString(asObject(identifier)?.value);
      if (system !== undefined && value !== undefined) keys.push(hash(kind, system, value));
    }
  }
  return keys;
}

/** The focal resource's own outcome (ClaimResponse.outcome, CoverageEligibilityResponse.outcome, ...). */
export function focalOutcome(envelope: MessageEnvelope): string | undefined {
  return asString(focalEntries(envelope)[0]?.resource?.outcome);
}

export function ledgerNote(parts: { findings?: readonly Finding[]; envelope?: MessageEnvelope; hash?: KeyedIdentifierHash; outcome?: string; senderSignature?: string }): LedgerNote {
  const codes = parts.findings?.map((f) => f.code) ?? [];
  const patientKeys = parts.envelope ? personKeys(parts.envelope, parts.hash) : [];
  return {
    ...(codes.length ? { codes } : {}),
    ...(patientKeys.length ? { patientKeys } : {}),
    ...(parts.outcome !== undefined ? { outcome: parts.outcome } : {}),
    ...(parts.senderSignature !== undefined ? { senderSignature: parts.senderSignature } : {}),
  };
}
