/**
 * Requests that act on an earlier claim or prior authorization (SPEC section 6): cancel and
 * nullify (`cancel-request`, Task.code `cancel` / `nullify`) and `status-check` (Task.code `status`)
 * name their target by business identifier (Task.focus.identifier). The hub knows every claim
 * it routed, so it checks the target's state before bothering the payer, as NPHIES does:
 *   BV-00222 / BV-00141  cancel / nullify of a claim that was never successfully posted
 *   BV-00445 / BV-00143  the target was already cancelled
 *   BV-00144             the target was already nullified
 *   BV-00459             the target of a status check cannot be found
 * and, when a payer does not answer a status check in time, it says itself where the claim is.
 */
import { asObject, firstCode } from '../fhir/json.js';
import { identifierText, sentKey } from './business-keys.js';
import { focalEntries, type MessageEnvelope } from '../fhir/message.js';
import { error, type Finding } from '../findings/finding.js';
import type { ExchangeRecord, MessageQueue, MessageStore, TaskAction } from '../store/ports.js';

/** Events whose focal Claim a Task may act on. */
const CLAIM_EVENTS = new Set(['claim-request', 'priorauth-request']);

export interface TaskTarget {
  readonly action: TaskAction;
  readonly record: ExchangeRecord;
}

export type TargetCheck = { ok: true; target: TaskTarget } | { ok: false; findings: Finding[] } | { ok: true; target: undefined };

/** Looks up and state-checks the claim a cancel-request or status-check acts on. */
export async function checkTaskTarget(store: MessageStore, envelope: MessageEnvelope, sender: string, receiver: string): Promise<TargetCheck> {
  const entry = focalEntries(envelope)[0];
  const task = entry?.resource;
  if (task?.resourceType !== 'Task') return { ok: true, target: undefined };
  const action = taskAction(firstCode(task.code));
  if (!action) return { ok: true, target: undefined };
  const at = `Bundle.entry[${entry?.index ?? 1}].resource.focus.identifier`;
  const identifier = identifierText(asObject(asObject(task.focus)?.identifier));
  const record = identifier === undefined ? undefined : await store.findExchangeByBusinessKey(sentKey(sender, receiver, identifier));
  // Only the provider's own claim, sent to this payer and accepted, can be acted on.
  const found = record && record.sender === sender && record.recipient === receiver && record.state !== 'rejected' && CLAIM_EVENTS.has(record.event) ? record : undefined;
  if (!found) {
    const code = action === 'status' ? 'BV-00459' : action === 'nullify' ? 'BV-00141' : 'BV-00222';
    return { ok: false, findings: [error(code, at, 'no claim or prior authorization of this provider to this payer has this identifier')] };
  }
  if (action !== 'status' && found.cancellation) {
    const code = found.cancellation.kind === 'nullify' ? 'BV-00144' : action === 'nullify' ? 'BV-00143' : 'BV-00445';
    return { ok: false, findings: [error(code, at, `the ${found.event === 'priorauth-request' ? 'prior authorization' : 'claim'} was already ${found.cancellation.kind === 'nullify' ? 'nullified' : 'cancelled'}`)] };
  }
  return { ok: true, target: { action, record: found } };
}

function taskAction(code: string | undefined): TaskAction | undefined {
  return code === 'cancel' || code === 'nullify' || code === 'status' ? code : undefined;
}

/** Did the payer's cancel-response confirm the cancellation? (Task.status `completed`.) */
export function confirmsCancellation(answer: MessageEnvelope): boolean {
  const task = focalEntries(answer)[0]?.resource;
  return task?.resourceType === 'Task' && task.status === 'completed';
}

/**
 * Where a claim is, as the hub sees it. `dead-lettered`: handed out WASL_MAX_DELIVERIES times
 * without an acknowledgement or accepted answer, it waits for an operator's replay.
 */
export type ClaimProgress = 'queued' | 'delivered' | 'answered' | 'cancelled' | 'nullified' | 'dead-lettered';

export async function progressOf(queue: Pick<MessageQueue, 'queued' | 'deadLetters'>, record: ExchangeRecord): Promise<ClaimProgress> {
  if (record.cancellation) return record.cancellation.kind === 'nullify' ? 'nullified' : 'cancelled';
  if (record.state === 'answered') return 'answered';
  const entry = await queue.queued(record.recipient, record.bundleId);
  if (!entry && (await queue.deadLetters(record.recipient)).some((dead) => dead.message.bundleId === record.bundleId)) return 'dead-lettered';
  // Acknowledged without an answer yet (e.g. a push payer accepted it for later): delivered.
  return entry && entry.deliveries === 0 ? 'queued' : 'delivered';
}
