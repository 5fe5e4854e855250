/**
 * Messages the gateway makes itself (SPEC section 4): error responses that list every finding,
 * `queued` answers, acknowledgements and the GE-00012 answer when a payer is unreachable.
 * They mirror what NPHIES sends (see the sandbox captures): the focal resource carries the
 * errors as `adjudication-error` codings with the `extension-error-expression` FHIRPath.
 */
import { randomUUID } from 'node:crypto';
import type { CodeCatalogue, Language } from '../findings/catalogue.js';
import { excerpt, MAX_DIAGNOSTICS, MAX_EXPRESSION, type Finding } from '../findings/finding.js';
import { FINDINGS_TRUNCATED, limitFindings } from '../findings/limit.js';
import type { EventDefinition } from './events.js';
import {
  ADJUDICATION_ERROR_SYSTEM,
  ERROR_EXPRESSION_URL,
  GENERATED_TAG,
  LICENCE_SYSTEMS,
  META_TAGS_SYSTEM,
  PROFILE_BASE,
  type GatewayIdentity,
} from './identity.js';
import { asArray, asObject, asString, type JsonObject } from './json.js';
import { EVENT_SYSTEM, focalEntries, type MessageEnvelope } from './message.js';
import { EntryIndex, findReferences } from './references.js';

export interface ResponseContext {
  readonly gateway: GatewayIdentity;
  readonly catalogue: CodeCatalogue;
  readonly language: Language;
  readonly now?: Date;
}

type Outcome = 'error' | 'queued';

/** A coding for one finding, in NPHIES's shape: the FHIRPath rides on the coding. */
export function errorCoding(finding: Finding, ctx: ResponseContext): JsonObject {
  return {
    ...(finding.expression ? { extension: [{ url: ERROR_EXPRESSION_URL, valueString: excerpt(finding.expression, MAX_EXPRESSION) }] } : {}),
    system: ADJUDICATION_ERROR_SYSTEM,
    code: finding.code,
    display: ctx.catalogue.display(finding.code, ctx.language),
  };
}

/**
 * The CodeableConcept of one error in a business answer (ClaimResponse.error.code,
 * CoverageEligibilityResponse.error.code, a failed Task's output value): the coded finding and, as
 * its `text`, the finding's diagnostics, the same words `$validate` gives in
 * OperationOutcome.issue.diagnostics (issue 10, item 7), so a provider reads why, not only where.
 * R4 allows `CodeableConcept.text` there and NPHIES's profiles (profiles/claim-response.json,
 * prior-auth-response.json, eligibility-response.json, task.json) do not constrain it. The
 * diagnostics are the engineers' English whatever the language asked for: only the display is
 * translated. They are already bounded (MAX_DIAGNOSTICS) and never hold patient data (finding.ts).
 */
export function errorConcept(finding: Finding, ctx: ResponseContext): JsonObject {
  return {
    coding: [errorCoding(finding, ctx)],
    ...(finding.diagnostics ? { text: excerpt(finding.diagnostics, MAX_DIAGNOSTICS) } : {}),
  };
}

/** Answer to an invalid request: the focal resource says `error` and lists every finding. */
export function errorResponse(request: MessageEnvelope, event: EventDefinition, findings: readonly Finding[], ctx: ResponseContext): JsonObject {
  return answerFor(request, event, 'error', limitFindings(findings), ctx);
}

/** Answer to a deferred request the payer has not answered inside the synchronous window. */
export function queuedResponse(request: MessageEnvelope, event: EventDefinition, ctx: ResponseContext, warnings: readonly Finding[] = []): JsonObject {
  return withWarnings(answerFor(request, event, 'queued', [], ctx), warnings, ctx);
}

/** Answer to a real-time request whose payer did not answer in time: GE-00012, made by the gateway. */
export function unreachableResponse(request: MessageEnvelope, event: EventDefinition, ctx: ResponseContext): JsonObject {
  return answerFor(request, event, 'error', [{ code: 'GE-00012', severity: 'error' }], ctx);
}

/** Where a claim is as the hub sees it (status-check answered by the gateway); see routing/lifecycle. */
export interface ClaimProgressReport {
  readonly progress: 'queued' | 'delivered' | 'answered' | 'cancelled' | 'nullified' | 'dead-lettered';
  /** The outcome the payer gave (ClaimResponse.outcome), once answered. */
  readonly outcome?: string;
}

/**
 * The gateway's own status-response when the payer does not answer a status-check inside the
 * window: a completed Task, tagged as generated, whose `status` output says where the claim is
 * (`queued` until answered, then the payer's outcome) and whose businessStatus gives the hub's
 * finer view (queued, delivered, answered, cancelled, nullified).
 */
export function progressResponse(request: MessageEnvelope, event: EventDefinition, report: ClaimProgressReport, ctx: ResponseContext): JsonObject {
  const bundle = taskAnswer(request, event.response ?? 'status-response', focalEntries(request)[0]?.resource ?? { resourceType: 'Task' }, 'queued', [], ctx);
  const task = asObject(asObject(asArray(bundle.entry)[1])?.resource) as JsonObject;
  task.status = 'completed';
  task.businessStatus = {
    coding: [{ system: `${ctx.gateway.baseUrl}/CodeSystem/exchange-progress`, code: report.progress }],
    text: PROGRESS_TEXT[report.progress],
  };
  task.output = [
    {
      type: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/task-output-type', code: 'status' }] },
      valueCode: report.progress === 'answered' ? (report.outcome ?? 'complete') : report.progress === 'queued' || report.progress === 'delivered' || report.progress === 'dead-lettered' ? 'queued' : 'complete',
    },
  ];
  return bundle;
}

const PROGRESS_TEXT: Record<ClaimProgressReport['progress'], string> = {
  queued: 'waiting in the payer\'s queue, not yet delivered',
  delivered: 'delivered to the payer, not yet answered',
  answered: 'answered by the payer',
  cancelled: 'cancelled',
  nullified: 'nullified',
  'dead-lettered': 'handed to the payer too many times without an answer; held by the hub until an operator replays it',
};

/**
 * error-notice (SPEC section 4, level 3): queued for a payer whose message the gateway could not
 * accept, naming the faulty MessageHeader (response.identifier) and listing every error.
 */
export function errorNotice(faulty: MessageEnvelope, findings: readonly Finding[], ctx: ResponseContext): JsonObject {
  const outcome = outcomeEntry(limitFindings(findings), ctx);
  const header = responseHeader(faulty, 'error-notice', 'fatal-error', [outcome.fullUrl], ctx);
  (header.response as JsonObject).details = { reference: outcome.fullUrl };
  return messageBundle(header, [outcome], ctx);
}

/**
 * Warnings about an accepted message (e.g. codes that could not be verified) ride on the answer
 * as an OperationOutcome in MessageHeader.response.details: the message was accepted, but the
 * provider is told what the gateway could not vouch for, never left to assume it was.
 */
export function withWarnings(bundle: JsonObject, warnings: readonly Finding[], ctx: ResponseContext): JsonObject {
  if (warnings.length === 0) return bundle;
  const header = asObject(asObject(asArray(bundle.entry)[0])?.resource);
  const response = asObject(header?.response);
  if (!response || response.details !== undefined) return bundle;
  const outcome = outcomeEntry(limitFindings(warnings), ctx);
  response.details = { reference: outcome.fullUrl };
  (bundle.entry as JsonObject[]).push(outcome);
  return bundle;
}

/** Acknowledgement of a one-way message (communication-request, payment-*), or its rejection. */
export function acknowledgement(request: MessageEnvelope, findings: readonly Finding[], ctx: ResponseContext): JsonObject {
  const failed = findings.length > 0;
  const header = responseHeader(request, 'acknowledgement', failed ? 'fatal-error' : 'ok', [], ctx);
  const entries: JsonObject[] = [];
  if (failed) {
    const outcome = outcomeEntry(limitFindings(findings), ctx);
    (header.response as JsonObject).details = { reference: outcome.fullUrl };
    entries.push(outcome);
  }
  return messageBundle(header, entries, ctx);
}

/** An OperationOutcome as a bundle entry whose fullUrl ends with its id (BV-00207). */
function outcomeEntry(findings: readonly Finding[], ctx: ResponseContext): { fullUrl: string; resource: JsonObject } {
  const resource = operationOutcome(findings, ctx);
  return { fullUrl: `${ctx.gateway.baseUrl}/OperationOutcome/${String(resource.id)}`, resource };
}

/**
 * A bare OperationOutcome: the body of a not-processable answer (level 1) and of `details` above.
 * NPHIES's profile is spelled `operationoutcome` (its StructureDefinition list); any other
 * spelling is no NPHIES profile (RE-00170). Like every answer listing findings, it lists at most
 * the first MAX_FINDINGS of each kind (findings/limit.ts), and never more text than a finding holds.
 */
export function operationOutcome(findings: readonly Finding[], ctx: Pick<ResponseContext, 'catalogue' | 'language'>): JsonObject {
  return {
    resourceType: 'OperationOutcome',
    id: randomUUID(),
    meta: { profile: [`${PROFILE_BASE}/operationoutcome|1.0.0`] },
    issue: limitFindings(findings).map((f) => ({
      severity: f.severity,
      code: issueType(f.code),
      details: {
        coding: [{ system: ADJUDICATION_ERROR_SYSTEM, code: f.code, display: ctx.catalogue.display(f.code, ctx.language) }],
        text: ctx.catalogue.display(f.code, ctx.language),
      },
      ...(f.diagnostics ? { diagnostics: excerpt(f.diagnostics, MAX_DIAGNOSTICS) } : {}),
      ...(f.expression ? { expression: [excerpt(f.expression, MAX_EXPRESSION)] } : {}),
    })),
  };
}

function issueType(code: string): string {
  // "The operation was stopped to protect server resources": the rest of the list was not reported.
  if (code === FINDINGS_TRUNCATED) return 'too-costly';
  if (code === 'GE-00013' || code === 'GE-00006' || code.startsWith('DT-') || code.startsWith('FR-')) return 'structure';
  if (code === 'WASL_ERR_UNAUTHENTICATED' || code === 'WASL_ERR_INVALID_CLIENT' || code === 'WASL_ERR_CREDENTIALS_MISMATCH' || code === 'WASL_ERR_TOKEN_REQUIRED' || code.startsWith('WASL_ERR_CERTIFICATE_')) return 'login';
  if (code === 'GE-00020' || code === 'GE-00029' || code === 'GE-00030' || code === 'BV-00545' || code === 'WASL_ERR_FORBIDDEN_ROLE' || code === 'WASL_ERR_SUBSCRIPTION_FOREIGN_QUEUE') return 'forbidden';
  if (code === 'BV-00076') return 'too-long';
  if (code === 'GE-00015' || code === 'WASL_ERR_NOT_FOUND') return 'not-found';
  if (code === 'WASL_ERR_STORE_UNAVAILABLE' || code === 'GE-00012') return 'transient';
  if (code === 'WASL_ERR_RATE_LIMITED') return 'throttled';
  if (code.startsWith('IC-')) return 'required';
  if (code.startsWith('IB-')) return 'code-invalid';
  // WASL_OK is $validate's "no problems found": FHIR's issue type for that is `informational` (issue 10, item 11).
  return code === 'WASL_OK' || code.startsWith('WASL_WARN') ? 'informational' : 'invalid';
}

function answerFor(request: MessageEnvelope, event: EventDefinition, outcome: Outcome, findings: readonly Finding[], ctx: ResponseContext): JsonObject {
  const responseEvent = event.response ?? 'acknowledgement';
  // The answer's shape follows the event, not the focal entry: a request whose focus does not
  // resolve (RE-00169) still gets the response resource its event defines.
  const declared = event.focal[0];
  const found = focalEntries(request)[0]?.resource;
  const focal: JsonObject = found && found.resourceType === declared ? found : { resourceType: declared, ...(event.claimUse ? { use: event.claimUse } : {}) };
  switch (declared) {
    case 'Claim':
      return claimAnswer(request, responseEvent, focal, outcome, findings, ctx);
    case 'CoverageEligibilityRequest':
      return eligibilityAnswer(request, responseEvent, focal, outcome, findings, ctx);
    case 'Task':
      return taskAnswer(request, responseEvent, focal, outcome, findings, ctx);
    default:
      // Communications, batches and messages whose focal resource is unusable have no
      // resource to carry an outcome: NPHIES answers them with an acknowledgement.
      return outcome === 'queued' ? queuedAcknowledgement(request, ctx) : acknowledgement(request, findings, ctx);
  }
}

function claimAnswer(request: MessageEnvelope, responseEvent: string, claim: JsonObject, outcome: Outcome, findings: readonly Finding[], ctx: ResponseContext): JsonObject {
  const url = `${ctx.gateway.baseUrl}/ClaimResponse/${randomUUID()}`;
  const coverage = asObject(asObject(asArray(claim.insurance)[0])?.coverage);
  const copied = referencedEntries(request, { patient: claim.patient, provider: claim.provider, insurer: claim.insurer, coverage });
  const identifier = asObject(asArray(claim.identifier)[0]);
  const claimResponse: JsonObject = {
    resourceType: 'ClaimResponse',
    id: idOf(url),
    meta: { profile: [`${PROFILE_BASE}/${claim.use === 'preauthorization' ? 'prior-auth-response' : 'claim-response'}|1.0.0`], tag: [GENERATED_TAG] },
    ...(outcome === 'queued' ? { extension: [PENDED] } : {}),
    identifier: [{ system: `${ctx.gateway.baseUrl}/ClaimResponse`, value: idOf(url) }],
    status: 'active',
    ...(claim.type ? { type: claim.type } : { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] } }),
    use: typeof claim.use === 'string' && ['claim', 'preauthorization', 'predetermination'].includes(claim.use) ? claim.use : 'claim',
    patient: copied.refs.patient ?? { display: 'unknown patient' },
    created: timestamp(ctx),
    insurer: copied.refs.insurer ?? { identifier: { system: LICENCE_SYSTEMS.payer, value: request.receivers[0]?.value ?? 'unknown' } },
    ...(copied.refs.provider ? { requestor: copied.refs.provider } : {}),
    request: { type: 'Claim', ...(identifier ? { identifier: pick(identifier, ['system', 'value']) } : {}) },
    outcome,
    // Only the payer adjudicates; a queued answer states what it knows: the amount submitted (BV-00023).
    ...(outcome === 'queued' ? submittedTotal(claim) : {}),
    ...(copied.refs.coverage ? { insurance: [{ sequence: 1, focal: true, coverage: copied.refs.coverage }] } : {}),
    ...(findings.length > 0 ? { error: findings.map((f) => ({ code: errorConcept(f, ctx) })) } : {}),
  };
  return messageBundle(responseHeader(request, responseEvent, 'ok', [url], ctx), [{ fullUrl: url, resource: claimResponse }, ...copied.entries], ctx);
}

/** A queued ClaimResponse is adjudicated as pended until the payer answers (BV-00395). */
const PENDED: JsonObject = {
  url: `${PROFILE_BASE}/extension-adjudication-outcome`,
  valueCodeableConcept: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/adjudication-outcome', code: 'pended' }] },
};

function submittedTotal(claim: JsonObject): JsonObject {
  const total = asObject(claim.total);
  if (typeof total?.value !== 'number') return {};
  return {
    total: [
      {
        category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }] },
        amount: pick(total, ['value', 'currency']),
      },
    ],
  };
}

function eligibilityAnswer(request: MessageEnvelope, responseEvent: string, ask: JsonObject, outcome: Outcome, findings: readonly Finding[], ctx: ResponseContext): JsonObject {
  const url = `${ctx.gateway.baseUrl}/CoverageEligibilityResponse/${randomUUID()}`;
  const copied = referencedEntries(request, { patient: ask.patient, provider: ask.provider, insurer: ask.insurer });
  const identifier = asObject(asArray(ask.identifier)[0]);
  const purpose = asArray(ask.purpose).filter((p) => typeof p === 'string');
  const response: JsonObject = {
    resourceType: 'CoverageEligibilityResponse',
    id: idOf(url),
    meta: { profile: [`${PROFILE_BASE}/eligibility-response|1.0.0`], tag: [GENERATED_TAG] },
    identifier: [{ system: `${ctx.gateway.baseUrl}/CoverageEligibilityResponse`, value: idOf(url) }],
    status: 'active',
    purpose: purpose.length > 0 ? purpose : ['validation'],
    patient: copied.refs.patient ?? { display: 'unknown patient' },
    created: timestamp(ctx),
    ...(copied.refs.provider ? { requestor: copied.refs.provider } : {}),
    request: identifier ? { identifier: pick(identifier, ['system', 'value']) } : { display: 'request' },
    outcome,
    insurer: copied.refs.insurer ?? { identifier: { system: LICENCE_SYSTEMS.payer, value: request.receivers[0]?.value ?? 'unknown' } },
    ...(findings.length > 0 ? { error: findings.map((f) => ({ code: errorConcept(f, ctx) })) } : {}),
  };
  return messageBundle(responseHeader(request, responseEvent, 'ok', [url], ctx), [{ fullUrl: url, resource: response }, ...copied.entries], ctx);
}

function taskAnswer(request: MessageEnvelope, responseEvent: string, task: JsonObject, outcome: Outcome, findings: readonly Finding[], ctx: ResponseContext): JsonObject {
  const url = `${ctx.gateway.baseUrl}/Task/${randomUUID()}`;
  const copied = referencedEntries(request, { requester: task.requester });
  const now = timestamp(ctx);
  const response: JsonObject = {
    resourceType: 'Task',
    id: idOf(url),
    meta: { profile: [`${PROFILE_BASE}/task|1.0.0`], tag: [GENERATED_TAG] },
    identifier: [{ system: `${ctx.gateway.baseUrl}/Task`, value: idOf(url) }],
    status: outcome === 'queued' ? 'in-progress' : 'failed',
    intent: 'order',
    priority: typeof task.priority === 'string' ? task.priority : 'routine',
    ...(task.code ? { code: task.code } : {}),
    ...(task.focus ? { focus: task.focus } : {}),
    authoredOn: now,
    lastModified: now,
    requester: copied.refs.requester ?? senderReference(request),
    owner: { identifier: { system: ctx.gateway.licenceSystem, value: ctx.gateway.licence } },
    ...(findings.length > 0
      ? {
          output: findings.map((f) => ({
            type: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/task-output-type', code: 'error' }] },
            valueCodeableConcept: errorConcept(f, ctx),
          })),
        }
      : {}),
  };
  return messageBundle(responseHeader(request, responseEvent, 'ok', [url], ctx), [{ fullUrl: url, resource: response }, ...copied.entries], ctx);
}

function queuedAcknowledgement(request: MessageEnvelope, ctx: ResponseContext): JsonObject {
  const bundle = acknowledgement(request, [], ctx);
  const header = asObject(asArray(bundle.entry)[0])?.resource as JsonObject;
  // A MessageHeader's tags are bound to NPHIES's meta-tags, where "generated" is nphies-generated.
  (header.meta as JsonObject).tag = [{ system: META_TAGS_SYSTEM, code: 'nphies-generated' }];
  // That the message waits for its payer is said on the Bundle, with the code a queued ClaimResponse.outcome has.
  (bundle.meta as JsonObject).tag = [{ system: 'http://hl7.org/fhir/remittance-outcome', code: 'queued' }];
  return bundle;
}

/** The MessageHeader of a gateway-made answer: from the gateway, to the request's sender. */
export function responseHeader(request: MessageEnvelope, event: string, code: 'ok' | 'fatal-error' | 'transient-error', focus: readonly string[], ctx: ResponseContext): JsonObject {
  const sender = request.sender;
  return {
    resourceType: 'MessageHeader',
    id: randomUUID(),
    meta: { profile: [`${PROFILE_BASE}/message-header|1.0.0`] },
    eventCoding: { system: EVENT_SYSTEM, code: event },
    destination: [
      {
        endpoint: `${sender?.system ?? LICENCE_SYSTEMS.provider}/${sender?.value ?? 'unknown'}`,
        receiver: { type: 'Organization', identifier: { system: sender?.system ?? LICENCE_SYSTEMS.provider, value: sender?.value ?? 'unknown' } },
      },
    ],
    sender: { type: 'Organization', identifier: { system: ctx.gateway.licenceSystem, value: ctx.gateway.licence } },
    source: { endpoint: ctx.gateway.baseUrl },
    response: { identifier: request.headerId ?? 'unknown', code },
    ...(focus.length > 0 ? { focus: focus.map((reference) => ({ reference })) } : {}),
  };
}

export function messageBundle(header: JsonObject, entries: readonly JsonObject[], ctx: Pick<ResponseContext, 'gateway' | 'now'>): JsonObject {
  return {
    resourceType: 'Bundle',
    id: randomUUID(),
    meta: { profile: [`${PROFILE_BASE}/bundle|1.0.0`] },
    type: 'message',
    timestamp: timestamp(ctx),
    entry: [{ fullUrl: `${ctx.gateway.baseUrl}/MessageHeader/${String(header.id)}`, resource: header }, ...entries],
  };
}

/**
 * Copies the request's entries that the focal resource references (`references`: the answer's
 * element name → the request's Reference), and whatever those entries reference in turn (a
 * Coverage names its beneficiary and payor), so every reference of the answer resolves inside
 * it, as in NPHIES's answers. `refs` holds the answer's references to the copies.
 */
export function referencedEntries(request: MessageEnvelope, references: Readonly<Record<string, unknown>>): Copied {
  const refs: Record<string, JsonObject> = {};
  const entries: JsonObject[] = [];
  const index = new EntryIndex(request.entries);
  const seen = new Set<string>();
  const copy = (reference: string | undefined): string | undefined => {
    const entry = reference === undefined ? undefined : index.resolve(reference);
    if (!entry?.resource || entry.fullUrl === undefined) return undefined;
    // An entry too large to be a real participant or coverage is not echoed back (issue 9): the answer names it by identifier only.
    if (!seen.has(entry.fullUrl) && JSON.stringify(entry.resource).length > MAX_COPIED_ENTRY_CHARS) return undefined;
    if (!seen.has(entry.fullUrl)) {
      seen.add(entry.fullUrl);
      entries.push({ fullUrl: entry.fullUrl, resource: entry.resource });
      for (const found of findReferences(entry.resource, '')) copy(found.reference);
    }
    return entry.fullUrl;
  };
  for (const [element, reference] of Object.entries(references)) {
    const fullUrl = copy(asString(asObject(reference)?.reference));
    if (fullUrl !== undefined) refs[element] = { reference: fullUrl };
  }
  return { refs, entries };
}

/** The largest request entry an answer copies (a real Patient, Organization or Coverage is a few kilobytes). */
const MAX_COPIED_ENTRY_CHARS = 64 * 1024;

export interface Copied {
  readonly refs: Readonly<Record<string, JsonObject | undefined>>;
  readonly entries: JsonObject[];
}

/** The request's sender by licence: a Task's requester when the request names none that resolves. */
export function senderReference(request: MessageEnvelope): JsonObject {
  const sender = request.sender;
  return { type: 'Organization', identifier: { system: sender?.system ?? LICENCE_SYSTEMS.provider, value: sender?.value ?? 'unknown' } };
}

function pick(object: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (object[key] !== undefined) out[key] = object[key];
  return out;
}

function idOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

function timestamp(ctx: Pick<ResponseContext, 'now'>): string {
  return (ctx.now ?? new Date()).toISOString();
}
