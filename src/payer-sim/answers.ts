/**
 * The reference payer's decisions, deliberately simple and documented (README, "Reference payer"):
 *   - eligibility-request → eligibility-response, outcome complete, coverage in force and the site
 *     eligible; a request naming no coverage (discovery, sample 15a) gets siteEligibility
 *     `not-active` and no insurance: this payer holds no coverage records to discover one from, and
 *     `eligible` without an insurance element is refused (BV-00558);
 *   - priorauth-request → priorauth-response, every item approved at its net amount, with a
 *     preAuthRef and a 30-day preAuthPeriod;
 *   - claim-request → claim-response, every item approved at its net amount;
 *   - batch-request → batch-response with one approved ClaimResponse per claim;
 *   - cancel-request → cancel-response Task completed; status-check → status-response Task completed;
 *   - communication → acknowledgement.
 * One-way messages (payment-notice, ...) need no answer: they are acknowledged on the next poll.
 * With a policy (`decide`, see policy.ts) a prior authorization or claim the policy rejects is
 * answered complete with every item rejected for the policy's reason (adjudication.ts).
 * Answers copy the request's patient, provider and insurer entries so their references resolve.
 */
import { randomUUID } from 'node:crypto';
import { PROFILE_BASE } from '../fhir/identity.js';
import { asArray, asObject, asString, type JsonObject } from '../fhir/json.js';
import { EVENT_SYSTEM, focalEntries, readEnvelope, type MessageEnvelope } from '../fhir/message.js';
import { EntryIndex, findReferences } from '../fhir/references.js';
import { itemAdjudication, outcomeExtension, totals, type ItemRuling } from './adjudication.js';
import type { Decision } from './policy-types.js';

/** How a prior authorization or claim message (the whole request Bundle, or a batch's nested one) is decided. */
export type Decide = (message: JsonObject) => Decision;

const APPROVE_ALL: Decide = () => ({ decision: 'approve' });

const ANSWERS: Record<string, string> = {
  'eligibility-request': 'eligibility-response',
  'priorauth-request': 'priorauth-response',
  'claim-request': 'claim-response',
  'batch-request': 'batch-response',
  'cancel-request': 'cancel-response',
  'status-check': 'status-response',
  communication: 'acknowledgement',
};

export function answerEventFor(event: string): string | undefined {
  return ANSWERS[event];
}

/** The payer's answer to a request message, or undefined when the event needs none. */
export function answerRequest(request: JsonObject, payer: { licence: string; system: string; baseUrl: string }, now = new Date(), decide: Decide = APPROVE_ALL): JsonObject | undefined {
  const read = readEnvelope(request);
  if (!read.ok || read.envelope.event === undefined) return undefined;
  const envelope = read.envelope;
  const responseEvent = answerEventFor(envelope.event as string);
  if (!responseEvent) return undefined;
  const focal = focalEntries(envelope);
  const made: JsonObject[] = [];
  const focus: string[] = [];
  const add = (resource: JsonObject): void => {
    const url = `${payer.baseUrl}/${String(resource.resourceType)}/${String(resource.id)}`;
    focus.push(url);
    made.push({ fullUrl: url, resource });
  };
  const copies = new Copies(envelope);
  switch (envelope.event) {
    case 'eligibility-request':
      if (focal[0]?.resource) add(eligibilityResponse(focal[0].resource, copies, now));
      break;
    case 'priorauth-request':
    case 'claim-request':
      if (focal[0]?.resource) add(claimResponse(focal[0].resource, copies, now, decide(request)));
      break;
    case 'batch-request':
      for (const entry of focal) {
        const nested = readEnvelope(entry.resource);
        if (!nested.ok) continue;
        const claim = focalEntries(nested.envelope)[0]?.resource;
        if (claim) add(claimResponse(claim, new Copies(nested.envelope, copies), now, decide(entry.resource as JsonObject)));
      }
      break;
    case 'cancel-request':
    case 'status-check':
      if (focal[0]?.resource) add(taskResponse(focal[0].resource, copies, payer, now));
      break;
    default:
      break;
  }
  const header: JsonObject = {
    resourceType: 'MessageHeader',
    id: randomUUID(),
    meta: { profile: [`${PROFILE_BASE}/message-header|1.0.0`] },
    eventCoding: { system: EVENT_SYSTEM, code: responseEvent },
    destination: [
      {
        endpoint: `${envelope.sender?.system ?? ''}/${envelope.sender?.value ?? ''}`,
        receiver: { type: 'Organization', identifier: { system: envelope.sender?.system, value: envelope.sender?.value } },
      },
    ],
    sender: { type: 'Organization', identifier: { system: payer.system, value: payer.licence } },
    source: { endpoint: payer.baseUrl },
    response: { identifier: envelope.headerId, code: 'ok' },
    ...(focus.length > 0 ? { focus: focus.map((reference) => ({ reference })) } : {}),
  };
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { profile: [`${PROFILE_BASE}/bundle|1.0.0`] },
    type: 'message',
    timestamp: now.toISOString(),
    entry: [{ fullUrl: `urn:uuid:${String(header.id)}`, resource: header }, ...made, ...copies.entries()],
  };
}

/** Request entries an answer refers to, copied once each with their fullUrl. */
class Copies {
  readonly #index: EntryIndex;
  readonly #copied: Map<string, JsonObject>;

  constructor(envelope: MessageEnvelope, shareWith?: Copies) {
    this.#index = new EntryIndex(envelope.entries);
    this.#copied = shareWith ? shareWith.#copied : new Map();
  }

  /** Returns a Reference to the copied entry, or undefined when the request's reference does not resolve. */
  ref(reference: unknown): JsonObject | undefined {
    const text = asString(asObject(reference)?.reference);
    const entry = text === undefined ? undefined : this.#index.resolve(text);
    if (!entry?.resource || entry.fullUrl === undefined) return undefined;
    if (!this.#copied.has(entry.fullUrl)) {
      this.#copied.set(entry.fullUrl, { fullUrl: entry.fullUrl, resource: entry.resource });
      // What the copied resource refers to must come along too (a Coverage's subscriber, ...).
      for (const found of findReferences(entry.resource, '')) this.ref({ reference: found.reference });
    }
    return { reference: entry.fullUrl };
  }

  entries(): JsonObject[] {
    return [...this.#copied.values()];
  }
}

function eligibilityResponse(ask: JsonObject, copies: Copies, now: Date): JsonObject {
  const id = randomUUID();
  const coverage = copies.ref(asObject(asArray(ask.insurance)[0])?.coverage);
  return {
    resourceType: 'CoverageEligibilityResponse',
    id,
    meta: { profile: [`${PROFILE_BASE}/eligibility-response|1.0.0`] },
    identifier: [{ system: 'http://payer.example/eligibility-response', value: id }],
    status: 'active',
    purpose: asArray(ask.purpose).length > 0 ? ask.purpose : ['validation'],
    patient: copies.ref(ask.patient) ?? ask.patient,
    ...(ask.servicedPeriod ? { servicedPeriod: ask.servicedPeriod } : {}),
    created: now.toISOString().slice(0, 10),
    ...(copies.ref(ask.provider) ? { requestor: copies.ref(ask.provider) } : {}),
    request: { identifier: asObject(asArray(ask.identifier)[0]) ?? { value: 'unknown' } },
    // BV-00503: a complete eligibility answer says whether the site (the provider) is eligible;
    // BV-00558: not `eligible` when no insurance element is given (a discovery request names none).
    extension: [
      {
        url: `${PROFILE_BASE}/extension-siteEligibility`,
        valueCodeableConcept: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/siteEligibility', code: coverage ? 'eligible' : 'not-active' }] },
      },
    ],
    outcome: 'complete',
    insurer: copies.ref(ask.insurer) ?? ask.insurer,
    ...(coverage ? { insurance: [{ coverage, inforce: true }] } : {}),
  };
}

function claimResponse(claim: JsonObject, copies: Copies, now: Date, decision: Decision): JsonObject {
  const id = randomUUID();
  const preauth = claim.use === 'preauthorization';
  const outcome = decision.decision === 'reject' ? 'rejected' : 'approved';
  const ruling: ItemRuling = { outcome, ...(decision.reason ? { reason: { code: decision.reason, ...(decision.reasonDisplay ? { display: decision.reasonDisplay } : {}) } } : {}) };
  const claimItems = asArray(claim.item).map((raw) => asObject(raw) ?? {});
  const items = claimItems.map((item) => itemAdjudication(item, ruling, claim.use));
  const granted = outcome === 'rejected' ? 0 : claimItems.reduce<number>((sum, item) => sum + (Number(asObject(item.net)?.value) || 0), 0);
  const coverage = copies.ref(asObject(asArray(claim.insurance)[0])?.coverage);
  const start = now.toISOString().slice(0, 10);
  const end = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  return {
    resourceType: 'ClaimResponse',
    id,
    meta: { profile: [`${PROFILE_BASE}/${preauth ? 'prior-auth-response' : 'claim-response'}|1.0.0`] },
    extension: outcomeExtension(outcome),
    identifier: [{ system: 'http://payer.example/claimresponse', value: id }],
    status: 'active',
    type: claim.type,
    ...(claim.subType ? { subType: claim.subType } : {}),
    use: claim.use,
    patient: copies.ref(claim.patient) ?? claim.patient,
    created: now.toISOString().slice(0, 10),
    insurer: copies.ref(claim.insurer) ?? claim.insurer,
    requestor: copies.ref(claim.provider) ?? claim.provider,
    request: { type: 'Claim', identifier: asObject(asArray(claim.identifier)[0]) ?? { value: 'unknown' } },
    outcome: 'complete',
    // BV-00386: a complete prior authorization has a preAuthRef, rejected or not; BV-00387: a period only when approved.
    ...(preauth ? { preAuthRef: `PA-${id.slice(0, 8)}`, ...(outcome === 'approved' ? { preAuthPeriod: { start, end } } : {}) } : {}),
    ...(items.length > 0 ? { item: items } : {}),
    total: totals(granted),
    ...(coverage ? { insurance: [{ sequence: 1, focal: true, coverage }] } : {}),
  };
}

function taskResponse(task: JsonObject, copies: Copies, payer: { licence: string; system: string }, now: Date): JsonObject {
  const id = randomUUID();
  return {
    resourceType: 'Task',
    id,
    meta: { profile: [`${PROFILE_BASE}/task|1.0.0`] },
    identifier: [{ system: 'http://payer.example/task', value: id }],
    status: 'completed',
    intent: 'order',
    priority: 'routine',
    code: task.code,
    ...(task.focus ? { focus: task.focus } : {}),
    authoredOn: now.toISOString(),
    lastModified: now.toISOString(),
    ...(copies.ref(task.requester) ? { requester: copies.ref(task.requester) } : {}),
    owner: { identifier: { system: payer.system, value: payer.licence } },
  };
}

