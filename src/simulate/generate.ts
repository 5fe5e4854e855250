/**
 * Plans the simulated traffic: which messages, in which order, with which bodies (issue 14, item 4;
 * README, "Realistic traffic"). Pure and seeded: the same options give the same content. Ids
 * (Bundle.id, MessageHeader.id, the suffix of Claim.identifier) come from a second stream seeded by
 * the seed and `runId`, which is random unless given, so a second run sends new messages rather
 * than resends of the first; with the same `runId` the bodies are identical byte for byte.
 */
import { createHash, randomUUID } from 'node:crypto';
import { loadCatalogue, type Catalogue, type SimEvent } from './catalogue.js';
import { drawPatient, patientPool } from './patients.js';
import { Rng } from './rng.js';
import { claimOf, dropSupportingInfo, setDiagnoses, setItems, setPatient, shiftDates } from './vary.js';

export type { SimEvent } from './catalogue.js';

/**
 * `new`: a message of its own. `duplicate`: an earlier message's claim again (same patient, provider,
 * services, dates and amounts) under a new Bundle.id, MessageHeader.id and Claim.identifier: the
 * gateway accepts it as new, the duplicate checks should flag it. `resend`: an earlier message's
 * exact bytes (a client retrying), which the gateway answers from what it stored.
 */
export type MessageKind = 'new' | 'duplicate' | 'resend';

export interface TrafficOptions {
  readonly events: readonly SimEvent[];
  readonly count: number;
  readonly seed: number;
  /** Ids stream (see above); default random. */
  readonly runId?: string;
  /** "Today" for the dates; default now. */
  readonly now?: Date;
  /** Patients in the pool; default max(20, count / 8). */
  readonly patients?: number;
  /** Share of duplicates (default 0.02) and of resends (default 0.01). */
  readonly duplicateShare?: number;
  readonly resendShare?: number;
  /** Chance that each optional supportingInfo entry is left out (default 0.25). */
  readonly dropSupportingInfo?: number;
  /** Claims are dated up to this many days back (default 90). */
  readonly spreadDays?: number;
  readonly catalogue?: Catalogue;
}

export interface PlannedMessage {
  readonly index: number;
  readonly event: SimEvent;
  readonly kind: MessageKind;
  /** The template (official sample file) it was built from. */
  readonly template: string;
  readonly sender: string;
  readonly receiver: string;
  readonly bundleId: string;
  readonly claimIdentifier: string;
  /** For duplicates and resends: the index of the message they repeat. */
  readonly original?: number;
  readonly body: string;
}

/** Repeats draw their original from this many messages back at most (a retry or double billing comes soon after). */
const REPEAT_WINDOW = 200;

export function planTraffic(options: TrafficOptions): PlannedMessage[] {
  const catalogue = options.catalogue ?? loadCatalogue();
  const today = options.now ?? new Date();
  const rng = new Rng(options.seed);
  const ids = new Rng(createHash('sha256').update(`${options.seed}:${options.runId ?? randomUUID()}`).digest().readUInt32BE(0));
  const pool = patientPool(options.patients ?? Math.max(20, Math.ceil(options.count / 8)), rng, catalogue, today);
  const duplicateShare = options.duplicateShare ?? 0.02;
  const resendShare = options.resendShare ?? 0.01;
  const planned: PlannedMessage[] = [];
  const originals: { index: number; message: Record<string, any> }[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const roll = rng.next();
    const earlier = originals.slice(-REPEAT_WINDOW);
    if (earlier.length > 0 && roll < resendShare) {
      const original = planned[rng.pick(earlier).index]!;
      planned.push({ ...original, index, kind: 'resend', original: original.index });
      continue;
    }
    if (earlier.length > 0 && roll < resendShare + duplicateShare) {
      const original = rng.pick(earlier);
      planned.push(finish(structuredClone(original.message), index, 'duplicate', planned[original.index]!, ids, original.index));
      continue;
    }
    const event = rng.pick(options.events);
    const template = rng.weighted(catalogue.templates[event]);
    const message = structuredClone(template.message);
    const claim = claimOf(message);
    setPatient(message, claim, drawPatient(pool, rng));
    setDiagnoses(claim, rng, catalogue);
    setItems(claim, rng, catalogue);
    dropSupportingInfo(claim, rng, catalogue, options.dropSupportingInfo ?? 0.25);
    shiftDates(message, claim, today, rng.int(1, options.spreadDays ?? 90));
    const made = finish(message, index, 'new', { event, template: template.file }, ids);
    originals.push({ index, message });
    planned.push(made);
  }
  return planned;
}

/** Gives the message its ids (Bundle.id, MessageHeader.id and its fullUrl, a Claim.identifier suffix) and its text. */
function finish(message: Record<string, any>, index: number, kind: MessageKind, from: { event: SimEvent; template: string }, ids: Rng, original?: number): PlannedMessage {
  const copy = kind === 'new' ? structuredClone(message) : message;
  copy.id = ids.uuid();
  const header = copy.entry[0];
  const headerId = ids.uuid();
  // BV-00207: the MessageHeader's fullUrl carries its id.
  if (typeof header.fullUrl === 'string') header.fullUrl = header.fullUrl.replace(header.resource.id, headerId);
  header.resource.id = headerId;
  const claim = claimOf(copy);
  const identifier = claim.identifier?.[0];
  if (identifier) identifier.value = `${String(identifier.value).replace(/-sim-[0-9a-f]{12}$/, '')}-sim-${headerId.replaceAll('-', '').slice(0, 12)}`;
  return {
    index,
    event: from.event,
    kind,
    template: from.template,
    sender: String(header.resource.sender.identifier.value),
    receiver: String(header.resource.destination[0].receiver.identifier.value),
    bundleId: copy.id,
    claimIdentifier: String(identifier?.value),
    ...(original !== undefined ? { original } : {}),
    body: JSON.stringify(copy),
  };
}
