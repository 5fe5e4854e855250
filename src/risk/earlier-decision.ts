/**
 * The payer's decision on an earlier prior authorization or claim, read from the answer the store
 * recorded for it (the ClaimResponse the payer sent): approved when the response's adjudication
 * outcome says so (NPHIES `extension-adjudication-outcome` approved or partial) or, without it, when
 * some item was granted a benefit. For a prior authorization also its preAuthRef and period, and the
 * quantity approved per service: the response's items name only `itemSequence`, so the services
 * come from the request itself, read back from the archive. Read only when a family needs it, on
 * the rare path where a line already matched.
 */
import { asArray, asObject, asString, firstCode, type JsonObject } from '../fhir/json.js';
import { readEnvelope } from '../fhir/message.js';
import type { MessageArchive, MessageStore } from '../store/ports.js';
import type { RiskHistoryItem } from '../store/risk-history.js';
import { claimFacts, dayOf } from './claim-facts.js';
import type { EarlierDecision } from './fwa/family.js';

const OUTCOME_EXTENSION = 'http://nphies.sa/fhir/ksa/nphies-fs/StructureDefinition/extension-adjudication-outcome';

/** What the decision reader needs of the store: the exchange (with its answer) and the archived request. */
export type EarlierMessages = Pick<MessageStore, 'findExchange'> & Pick<MessageArchive, 'archivedMessage'>;

function resourceOf(body: string, type: string): JsonObject | undefined {
  try {
    const bundle = asObject(JSON.parse(body));
    return asArray(bundle?.entry).map((e) => asObject(asObject(e)?.resource)).find((r) => r?.resourceType === type);
  } catch {
    return undefined;
  }
}

function outcomeCode(resource: JsonObject | undefined): string | undefined {
  const ext = asArray(resource?.extension).map(asObject).find((e) => e?.url === OUTCOME_EXTENSION);
  return firstCode(ext?.valueCodeableConcept);
}

function adjudications(item: unknown): JsonObject[] {
  return asArray(asObject(item)?.adjudication).map(asObject).filter((a): a is JsonObject => a !== undefined);
}

function benefitGranted(item: unknown): boolean {
  return adjudications(item).some((a) => firstCode(a.category) === 'benefit' && Number(asObject(a.amount)?.value) > 0);
}

function granted(response: JsonObject): boolean {
  return asArray(response.item).some(benefitGranted);
}

/**
 * Per `itemSequence`, the quantity the payer approved: the `approved-quantity` adjudication
 * (ksa-adjudication, BV-00498) when given, else `as-requested` for an item approved without one
 * (its outcome, or a benefit), else 0.
 */
function approvedBySequence(response: JsonObject): Map<number, number | 'as-requested'> {
  const out = new Map<number, number | 'as-requested'>();
  for (const item of asArray(response.item)) {
    const sequence = Number(asObject(item)?.itemSequence);
    if (!Number.isFinite(sequence)) continue;
    const stated = adjudications(item).find((a) => firstCode(a.category) === 'approved-quantity');
    const value = Number(stated?.value);
    const outcome = outcomeCode(asObject(item));
    const approved = outcome !== undefined ? outcome === 'approved' || outcome === 'partial' : benefitGranted(item);
    out.set(sequence, stated && Number.isFinite(value) ? value : approved ? 'as-requested' : 0);
  }
  return out;
}

/** The decision in a ClaimResponse answer body; undefined when there is none. */
export function decisionIn(body: string): EarlierDecision | undefined {
  const response = resourceOf(body, 'ClaimResponse');
  if (!response) return undefined;
  const code = outcomeCode(response);
  const approved = code !== undefined ? code === 'approved' || code === 'partial' : response.outcome !== 'error' && granted(response);
  const period = asObject(response.preAuthPeriod);
  const from = dayOf(period?.start);
  const to = dayOf(period?.end);
  const preAuthRef = asString(response.preAuthRef);
  return { outcome: approved ? 'approved' : 'rejected', ...(preAuthRef !== undefined ? { preAuthRef } : {}), ...(from !== undefined && to !== undefined ? { period: [from, to] as const } : {}) };
}

/**
 * The quantity approved per service (`system|code`) of a prior authorization, from its request body
 * and its answer body. A response without items approves (or rejects) every line as asked; a line
 * the response leaves out is not approved. Undefined when the request cannot be read (pruned).
 */
export function approvedQuantitiesIn(requestBody: string, answerBody: string, outcome: EarlierDecision['outcome']): Map<string, number> | undefined {
  const response = resourceOf(answerBody, 'ClaimResponse');
  let request: unknown;
  try {
    request = JSON.parse(requestBody);
  } catch {
    return undefined;
  }
  const read = readEnvelope(request);
  const facts = read.ok ? claimFacts(read.envelope, undefined) : undefined;
  if (!response || !facts) return undefined;
  const bySequence = approvedBySequence(response);
  const whole = asArray(response.item).length === 0;
  const out = new Map<string, number>();
  for (const line of facts.lines) {
    const approved = whole ? (outcome === 'approved' ? 'as-requested' : 0) : (bySequence.get(line.sequence) ?? 0);
    out.set(line.service, (out.get(line.service) ?? 0) + (approved === 'as-requested' ? line.quantity : approved));
  }
  return out;
}

async function readDecision(store: EarlierMessages, item: RiskHistoryItem): Promise<EarlierDecision | undefined> {
  const record = await store.findExchange(item.sender, item.headerId);
  if (!record?.answer || record.respondedAt === undefined) return undefined;
  const decision = decisionIn(record.answer.body);
  if (!decision || item.event !== 'priorauth-request') return decision;
  // Only a prior authorization's answer costs the second read (beyond-preauth asks for it).
  const request = await store.archivedMessage(item.sender, item.bundleId);
  const approvedQuantities = request ? approvedQuantitiesIn(request.body, record.answer.body, decision.outcome) : undefined;
  return approvedQuantities ? { ...decision, approvedQuantities } : decision;
}

/**
 * The most earlier messages whose decision one assessed message may read. Each read parses stored
 * bodies on the accept path; a patient with hundreds of matching lines (billed without end) would
 * otherwise cost hundreds of parses a claim (the 10-minute soak found it). Families ask newest first,
 * so what the bound leaves unread is the oldest; an unread decision is unknown, and judges nothing.
 */
export const MAX_DECISIONS_READ = 8;

/** Memoised per message: several lines of one claim may match the same earlier message. */
export function decisionReader(store: EarlierMessages, maxReads = MAX_DECISIONS_READ): (item: RiskHistoryItem) => Promise<EarlierDecision | undefined> {
  const seen = new Map<string, Promise<EarlierDecision | undefined>>();
  return (item) => {
    const key = `${item.sender}\u0000${item.headerId}`;
    let decision = seen.get(key);
    if (!decision) {
      if (seen.size >= maxReads) return Promise.resolve(undefined);
      decision = readDecision(store, item);
      seen.set(key, decision);
    }
    return decision;
  };
}
