/**
 * poll-request (SPEC section 6): a participant fetches the messages queued for it. Each
 * message is leased, not removed; it is removed when acknowledged (an `acknowledge` input of a
 * later poll naming its Bundle.id, or the recipient's answer to it) and handed out again, with
 * the same Bundle.id, once the lease expires.
 *
 * Task inputs: `count` (valuePositiveInt, default 1, at most 100: DT-01303),
 * `include-message-type` / `exclude-message-type` (valueCode, mutually exclusive), and
 * `acknowledge` (valueString or valueIdentifier.value: a Bundle.id delivered earlier), and
 * Wasl's `wait` (valueUnsignedInt or valuePositiveInt, seconds): when nothing is queued, hold the
 * poll open until a message arrives or the wait ends (a long poll, bounded by WASL_MAX_POLL_WAIT_S),
 * so a polling payer can answer eligibility inside the synchronous window.
 * `period` is accepted and ignored: every queued message is offered, oldest first.
 */
import { randomUUID } from 'node:crypto';
import { GENERATED_TAG, PROFILE_BASE, QUEUED_MESSAGES_TAG } from '../fhir/identity.js';
import { asArray, asObject, asString, firstCode, type JsonObject } from '../fhir/json.js';
import { focalEntries, type MessageEnvelope } from '../fhir/message.js';
import { messageBundle, referencedEntries, responseHeader, senderReference, type ResponseContext } from '../fhir/responses.js';
import { NotProcessable } from '../findings/not-processable.js';
import { error, type Finding } from '../findings/finding.js';
import { SIGNATURE_EXTENSION_URL } from '../security/message-signing.js';
import type { GatewaySignals, GatewayStore, QueueEntry, QueueSignal } from '../store/ports.js';

export const DEFAULT_POLL_COUNT = 1;
export const MAX_POLL_COUNT = 100;

export interface PollRequest {
  readonly count: number;
  /** Seconds to hold the poll open when nothing is queued; 0 answers at once. */
  readonly waitSeconds: number;
  readonly include?: string[];
  readonly exclude?: string[];
  readonly acknowledge: string[];
}

export interface PollerOptions {
  readonly store: GatewayStore;
  readonly leaseMs: number;
  /** A message handed out this many times is dead-lettered instead (WASL_MAX_DELIVERIES). */
  readonly maxDeliveries: number;
  /** Wakes long polls when a message is queued, on this instance or another. */
  readonly signals?: GatewaySignals;
  /** Upper bound of a long poll; longer `wait` inputs are shortened to it. */
  readonly maxWaitMs?: number;
  /** Told how many of the messages just leased had been handed out before (lease expired). */
  readonly onRedelivered?: (recipient: string, count: number) => void;
}

export class Poller {
  readonly #o: PollerOptions;
  /** Long polls in progress, so shutdown can answer them at once. */
  readonly #waiting = new Set<() => void>();

  constructor(options: PollerOptions) {
    this.#o = options;
  }

  /** Answers a poll-request from `recipient`; returns the poll-response JSON text. */
  async poll(envelope: MessageEnvelope, recipient: string, ctx: ResponseContext): Promise<string> {
    const task = focalEntries(envelope)[0];
    const request = readPollTask(task?.resource, `Bundle.entry[${task?.index ?? 1}].resource`);
    const store = this.#o.store;
    if (request.acknowledge.length > 0) await store.ack(recipient, request.acknowledge);
    const options = {
      count: request.count,
      leaseMs: this.#o.leaseMs,
      maxDeliveries: this.#o.maxDeliveries,
      ...(request.include ? { include: request.include } : {}),
      ...(request.exclude ? { exclude: request.exclude } : {}),
    };
    let leased = await store.lease(recipient, options);
    const waitMs = Math.min(request.waitSeconds * 1000, this.#o.maxWaitMs ?? 30_000);
    if (leased.length === 0 && waitMs > 0 && this.#o.signals) {
      const deadline = Date.now() + waitMs;
      // Another poll of the same recipient may take the message first: keep waiting until the deadline.
      while (leased.length === 0 && Date.now() < deadline) {
        const woken = await this.#nextArrival(recipient, request, deadline - Date.now());
        if (woken === 'closed') break;
        leased = await store.lease(recipient, options);
      }
    }
    const again = leased.filter((entry) => entry.deliveries > 1).length;
    if (again > 0) this.#o.onRedelivered?.(recipient, again);
    const stats = await store.stats(recipient);
    return pollResponse(envelope, task?.resource ?? {}, leased, stats.available > 0, ctx);
  }

  /** Ends every long poll now (graceful shutdown): each answers with what is queued, possibly nothing. */
  releaseAll(): void {
    for (const release of [...this.#waiting]) release();
  }

  #nextArrival(recipient: string, request: PollRequest, ms: number): Promise<'arrived' | 'timeout' | 'closed'> {
    const signals = this.#o.signals as GatewaySignals;
    return new Promise((resolve) => {
      const finish = (how: 'arrived' | 'timeout' | 'closed') => {
        clearTimeout(timer);
        unsubscribe();
        this.#waiting.delete(close);
        resolve(how);
      };
      const close = () => finish('closed');
      const timer = setTimeout(() => finish('timeout'), ms);
      const unsubscribe = signals.onQueued((signal: QueueSignal) => {
        if (signal.recipient !== recipient) return;
        if (request.include && !request.include.includes(signal.event)) return;
        if (request.exclude?.includes(signal.event)) return;
        finish('arrived');
      });
      this.#waiting.add(close);
    });
  }
}

/** Reads the poll Task's inputs; a malformed input makes the poll fail as a whole (a failed Task, as NPHIES answers). */
export function readPollTask(task: JsonObject | undefined, path: string): PollRequest {
  const findings: Finding[] = [];
  let count = DEFAULT_POLL_COUNT;
  let waitSeconds = 0;
  const include: string[] = [];
  const exclude: string[] = [];
  const acknowledge: string[] = [];
  asArray(task?.input).forEach((raw, i) => {
    const input = asObject(raw) ?? {};
    const type = firstCode(input.type);
    const at = `${path}.input[${i}]`;
    if (type === 'count') {
      const value = input.valuePositiveInt;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_POLL_COUNT) {
        findings.push(error('DT-01303', `${at}.valuePositiveInt`, `count must be a whole number from 1 to ${MAX_POLL_COUNT}`));
      } else count = value;
    } else if (type === 'wait') {
      const value = input.valueUnsignedInt ?? input.valuePositiveInt;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        findings.push(error('DT-01303', `${at}.${'valueUnsignedInt' in input ? 'valueUnsignedInt' : 'valuePositiveInt'}`, 'wait must be a whole number of seconds'));
      } else waitSeconds = value;
    } else if (type === 'include-message-type' || type === 'exclude-message-type') {
      const code = asString(input.valueCode);
      if (code) (type === 'include-message-type' ? include : exclude).push(code);
    } else if (type === 'acknowledge') {
      const id = asString(input.valueString) ?? asString(asObject(input.valueIdentifier)?.value);
      if (id) acknowledge.push(id);
    }
  });
  if (include.length > 0 && exclude.length > 0) {
    findings.push(error('BV-00874', `${path}.input`, 'include-message-type and exclude-message-type are mutually exclusive'));
  }
  if (findings.length > 0) throw new PollRejected(findings);
  return { count, waitSeconds, ...(include.length ? { include } : {}), ...(exclude.length ? { exclude } : {}), acknowledge };
}

/**
 * The gateway's signature over a nested message, beside the output that references it: the
 * nested message itself stays byte-exact (its text span in the poll-response is what was signed).
 */
function signatureExtension(signature: string | undefined): { extension?: JsonObject[] } {
  return signature === undefined ? {} : { extension: [{ url: SIGNATURE_EXTENSION_URL, valueString: signature }] };
}

/** A poll whose Task is malformed: answered with a failed Task, HTTP 200 (level 2). */
export class PollRejected extends NotProcessable {}

function pollResponse(request: MessageEnvelope, pollTask: JsonObject, leased: readonly QueueEntry[], more: boolean, ctx: ResponseContext): string {
  const taskUrl = `${ctx.gateway.baseUrl}/Task/${randomUUID()}`;
  const nestedUrls = leased.map((entry) => `${ctx.gateway.baseUrl}/Bundle/${entry.message.bundleId}`);
  // The answer names who polled, as the poll Task did, with that Organization copied so it resolves.
  const copied = referencedEntries(request, { requester: pollTask.requester });
  const now = new Date().toISOString();
  const task: JsonObject = {
    resourceType: 'Task',
    id: taskUrl.slice(taskUrl.lastIndexOf('/') + 1),
    meta: { profile: [`${PROFILE_BASE}/task|1.0.0`], tag: [GENERATED_TAG] },
    identifier: [{ system: `${ctx.gateway.baseUrl}/Task`, value: taskUrl.slice(taskUrl.lastIndexOf('/') + 1) }],
    status: 'completed',
    intent: 'order',
    priority: 'stat',
    code: pollTask.code ?? { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/task-code', code: 'poll' }] },
    authoredOn: now,
    lastModified: now,
    requester: copied.refs.requester ?? senderReference(request),
    owner: { identifier: { system: ctx.gateway.licenceSystem, value: ctx.gateway.licence } },
    ...(pollTask.input ? { input: pollTask.input } : {}),
    ...(nestedUrls.length > 0
      ? {
          output: nestedUrls.map((reference, i) => ({
            ...signatureExtension(leased[i]?.message.signature),
            type: { coding: [{ system: 'http://nphies.sa/terminology/CodeSystem/task-output-type', code: 'response' }] },
            valueReference: { reference },
          })),
        }
      : {}),
  };
  const header = responseHeader(request, 'poll-response', 'ok', [taskUrl], ctx);
  if (more) header.meta = { ...(header.meta as JsonObject), tag: [QUEUED_MESSAGES_TAG] };
  // Nested messages are spliced in as the exact bytes that were queued: no re-serialisation,
  // so a recipient can check their digest or signature.
  const placeholders = leased.map((_, i) => ({ __wasl_raw__: i }));
  const nested = nestedUrls.map((fullUrl, i) => ({ fullUrl, resource: placeholders[i] }));
  const bundle = messageBundle(header, [{ fullUrl: taskUrl, resource: task }, ...nested, ...copied.entries], ctx);
  // One pass: replacement text is never rescanned, so a message cannot smuggle in a placeholder.
  return JSON.stringify(bundle).replace(/\{"__wasl_raw__":(\d+)\}/g, (_, i: string) => leased[Number(i)]?.message.body ?? 'null');
}
