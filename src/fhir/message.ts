/**
 * Reads the envelope of a FHIR message Bundle: what routing needs before any validation
 * (SPEC section 3). Nothing here judges the message; `validation/` does.
 */
import { asArray, asObject, asString, type JsonObject } from './json.js';

export const EVENT_SYSTEM = 'http://nphies.sa/terminology/CodeSystem/ksa-message-events';

export interface Licence {
  readonly system: string | undefined;
  readonly value: string;
}

export interface BundleEntry {
  readonly index: number;
  readonly fullUrl: string | undefined;
  readonly resource: JsonObject | undefined;
}

export interface MessageEnvelope {
  readonly bundle: JsonObject;
  readonly bundleId: string | undefined;
  readonly header: JsonObject;
  readonly headerId: string | undefined;
  readonly event: string | undefined;
  readonly sender: Licence | undefined;
  readonly receivers: readonly Licence[];
  readonly focusReferences: readonly string[];
  /** MessageHeader.response.identifier: the request this message answers. */
  readonly responseTo: string | undefined;
  readonly entries: readonly BundleEntry[];
}

export type EnvelopeProblem =
  | { readonly code: 'GE-00006'; readonly expression: string; readonly diagnostics: string }
  | { readonly code: 'BV-00130'; readonly expression: string; readonly diagnostics: string }
  | { readonly code: 'BV-00126'; readonly expression: string; readonly diagnostics: string };

/** Returns the envelope, or the one problem that makes the body not a message at all. */
export function readEnvelope(body: unknown): { ok: true; envelope: MessageEnvelope } | { ok: false; problem: EnvelopeProblem } {
  const bundle = asObject(body);
  if (!bundle || bundle.resourceType !== 'Bundle') {
    return { ok: false, problem: { code: 'GE-00006', expression: 'Bundle', diagnostics: 'the body is not a FHIR Bundle resource' } };
  }
  if (bundle.type !== 'message') {
    return { ok: false, problem: { code: 'BV-00130', expression: 'Bundle.type', diagnostics: 'Bundle.type must be "message"' } };
  }
  const entries = asArray(bundle.entry).map((raw, index): BundleEntry => {
    const entry = asObject(raw);
    return { index, fullUrl: asString(entry?.fullUrl), resource: asObject(entry?.resource) };
  });
  const header = entries[0]?.resource;
  if (!header || header.resourceType !== 'MessageHeader') {
    return {
      ok: false,
      problem: { code: 'BV-00126', expression: 'Bundle.entry[0].resource', diagnostics: 'the first entry must be a MessageHeader' },
    };
  }
  const eventCoding = asObject(header.eventCoding);
  return {
    ok: true,
    envelope: {
      bundle,
      bundleId: asString(bundle.id),
      header,
      headerId: asString(header.id),
      event: asString(eventCoding?.code),
      sender: licenceOf(header.sender),
      receivers: asArray(header.destination)
        .map((d) => licenceOf(asObject(d)?.receiver))
        .filter((l): l is Licence => l !== undefined),
      focusReferences: asArray(header.focus)
        .map((f) => asString(asObject(f)?.reference))
        .filter((r): r is string => r !== undefined),
      responseTo: asString(asObject(header.response)?.identifier),
      entries,
    },
  };
}

/** A Reference by logical identifier, as MessageHeader.sender/receiver use. */
export function licenceOf(reference: unknown): Licence | undefined {
  const identifier = asObject(asObject(reference)?.identifier);
  const value = asString(identifier?.value);
  return value === undefined ? undefined : { system: asString(identifier?.system), value };
}

/** The entries the MessageHeader focuses on, in focus order (several for a batch). */
export function focalEntries(envelope: MessageEnvelope): BundleEntry[] {
  const byUrl = new Map<string, BundleEntry>();
  for (const entry of envelope.entries) if (entry.fullUrl !== undefined && !byUrl.has(entry.fullUrl)) byUrl.set(entry.fullUrl, entry);
  return envelope.focusReferences.map((ref) => byUrl.get(ref)).filter((e): e is BundleEntry => e !== undefined);
}
